using Microsoft.Extensions.Caching.Memory;

namespace BoneTumorTutor.Content;

/// <summary>
/// Teaching notes rendered once per case version and kept in memory: sanitising HTML is the costliest step of a
/// reveal, and notes change only when a case is edited (its UpdatedAt moves, which makes a new key).
/// </summary>
public sealed class RenderedNotes(IMemoryCache cache)
{
    public string Html(int caseId, DateTime caseVersion, string markdown) =>
        cache.GetOrCreate(("notes", caseId, caseVersion.Ticks), entry =>
        {
            entry.SlidingExpiration = TimeSpan.FromHours(1);
            return TeachingNotes.ToHtml(markdown);
        })!;
}
