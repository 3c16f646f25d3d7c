using System.Text.RegularExpressions;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Practice;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Tests.Practice;

/// <summary>
/// Before a trainee commits, nothing the server sends may reveal the diagnosis, the notes or anything that differs
/// with them. Checked on every published case of the demo content: the page holds none of the case's secrets, the
/// image is a bare PNG, and once the opaque ids and the allowed clinical facts are masked, every case page is the
/// same page — so nothing in it can depend on the truth.
/// </summary>
public sealed partial class LeakTests(AppFactory app) : IClassFixture<AppFactory>
{
    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("value=\"CfDJ8[^\"]+\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<dl class=\"facts\">.*?</dl>", RegexOptions.Singleline)]
    private static partial Regex FactsPattern();

    [GeneratedRegex("viewBox=\"0 0 \\d+ \\d+\"|width=\"\\d+\"|height=\"\\d+\"|Knee radiograph, \\w+ view")]
    private static partial Regex GeometryPattern();

    [GeneratedRegex("viewer-filter-[0-9a-f]{8}")]
    private static partial Regex FilterIdPattern();

    [Fact]
    public async Task No_Case_Page_Reveals_The_Truth_Before_The_Answer()
    {
        var client = await app.SignedInClientAsync("leak@example.org", 2, Roles.Trainee);
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "leak@example.org").Select(u => u.Id).SingleAsync());
        var cases = await app.WithDbAsync(db => db.Cases.Include(c => c.Image).Where(c => c.Status == CaseStatus.Published).ToListAsync());
        Assert.True(cases.Count >= 12, $"expected the demo content's cases, found {cases.Count}");
        Assert.Contains(cases, c => c.Diagnosis == Diagnosis.Osteosarcoma);
        Assert.Contains(cases, c => c.Diagnosis == Diagnosis.GiantCellTumor);

        // Note fragments that cases of both diagnoses share ("Synthetic teaching phantom: AP view of ...") say nothing
        // about the truth; every other fragment is a secret.
        var boilerplate = cases.SelectMany(c => SecretsOf(c).Select(s => (Secret: s, c.Diagnosis)))
            .GroupBy(x => x.Secret)
            .Where(g => g.Select(x => x.Diagnosis).Distinct().Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        var normalisedPages = new HashSet<string>(StringComparer.Ordinal);
        foreach (var @case in cases)
        {
            // Present this case to the trainee exactly as the practice loop would.
            var attempt = new Attempt { UserId = userId, CaseId = @case.Id, PresentedAt = DateTime.UtcNow };
            await app.WithDbAsync(async db => { db.Attempts.Add(attempt); return await db.SaveChangesAsync(); });

            var response = await client.GetAsync($"/practice/{attempt.PublicId}");
            var html = await response.Content.ReadAsStringAsync();
            var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
            var image = await client.GetAsync($"/media/{@case.Image!.PublicId}");
            var imageBytes = await image.Content.ReadAsByteArrayAsync();

            foreach (var secret in SecretsOf(@case).Except(boilerplate))
            {
                Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, headers, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(secret, string.Join("\n", image.Headers.Concat(image.Content.Headers).Select(h => string.Join(",", h.Value))), StringComparison.OrdinalIgnoreCase);
            }

            Assert.Equal(["IHDR", "IDAT", "IEND"], PngChunkTypes(imageBytes).Distinct());
            Assert.Contains(@case.Image.PublicId.ToString(), html, StringComparison.Ordinal);
            Assert.DoesNotContain(@case.PublicId.ToString(), html, StringComparison.Ordinal);

            var masked = FilterIdPattern().Replace(GeometryPattern().Replace(FactsPattern().Replace(TokenPattern().Replace(GuidPattern().Replace(html, "{id}"), "{token}"), "{facts}"), "{geometry}"), "{filter}");
            normalisedPages.Add(masked);

            await app.WithDbAsync(db => db.Attempts.Where(a => a.Id == attempt.Id).ExecuteDeleteAsync());
        }

        Assert.Single(normalisedPages);
    }

    private static IEnumerable<string> SecretsOf(Case @case)
    {
        yield return @case.Slug;
        yield return @case.Title;
        yield return @case.Source;
        if (@case.Image!.OriginalFileName != "image.png")
        {
            yield return @case.Image.OriginalFileName;
        }

        // Every substantial line of the teaching notes.
        foreach (var line in @case.NotesMarkdown.Split('\n').Select(l => l.Trim().TrimStart('#', '-', '*', ' ')).Where(l => l.Length >= 32))
        {
            yield return line[..32];
        }
    }

    private static List<string> PngChunkTypes(byte[] png)
    {
        var types = new List<string>();
        for (var offset = 8; offset + 8 <= png.Length;)
        {
            var length = (png[offset] << 24) | (png[offset + 1] << 16) | (png[offset + 2] << 8) | png[offset + 3];
            types.Add(System.Text.Encoding.ASCII.GetString(png, offset + 4, 4));
            offset += 12 + length;
        }

        return types;
    }
}
