using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Authoring;

/// <summary>Who made a change: a signed-in account, or a tool (content sync, an import).</summary>
public sealed record Editor(string? UserId, string Name)
{
    public static Editor Tool(string name) => new(null, name);
}

/// <summary>Keeps a revision for every save of a case, with the field diff against the one before.</summary>
public static class CaseRevisions
{
    /// <summary>Adds the revision for the case's current (about to be saved) state; the caller saves.</summary>
    public static async Task<CaseRevision?> AddAsync(AppDbContext db, Case c, Editor editor, string action, DateTime at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(editor);
        CaseRevision? last = null;
        if (c.Id != 0)
        {
            last = await db.Set<CaseRevision>().AsNoTracking().Where(r => r.CaseId == c.Id)
                .OrderByDescending(r => r.Number).FirstOrDefaultAsync(cancellationToken);
        }

        var snapshot = CaseSnapshot.Of(c);
        var changes = snapshot.ChangesFrom(last is null ? null : CaseSnapshot.FromJson(last.SnapshotJson));
        if (last is not null && changes.Count == 0)
        {
            return null;
        }

        var revision = new CaseRevision
        {
            Case = c,
            Number = (last?.Number ?? 0) + 1,
            SavedAt = at,
            UserId = editor.UserId,
            SavedBy = editor.Name,
            Action = action,
            ChangesJson = CaseSnapshot.ChangesToJson(changes),
            SnapshotJson = snapshot.ToJson(),
        };
        db.Set<CaseRevision>().Add(revision);
        return revision;
    }
}
