using System.Text.RegularExpressions;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Practice;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Security;

/// <summary>
/// Every GET endpoint the app routes (read from the app, so new ones are included) is called by a trainee who has
/// been shown all four cases but answered none, with every real id the app knows in each route parameter. No response
/// may carry a case's teaching notes or title (both are revealed only after the answer).
/// </summary>
public sealed partial class TraineeCrawlLeakTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?<constraint>[a-z]+)(?:\([^)]*\))?)*\??(?:=[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Nothing_A_Trainee_Can_Request_Before_Answering_Carries_Notes_Or_Titles()
    {
        // The model's readings are what the feature map and the heatmaps serve: have them all before crawling.
        await app.Services.GetRequiredService<BoneTumorTutor.Inference.PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        var client = await app.SignedInClientAsync("crawl@example.org", 2, Roles.Trainee);
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "crawl@example.org").Select(u => u.Id).SingleAsync());
        var cases = await app.WithDbAsync(db => db.Cases.Include(c => c.Image).Where(c => c.Status == CaseStatus.Published).ToListAsync());
        Assert.Equal(4, cases.Count);
        var caseGuids = cases.Select(c => c.PublicId.ToString()).Concat(cases.Select(c => c.Image!.PublicId.ToString())).ToList();
        var ints = cases.Select(c => c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("1").Distinct().ToList();
        var words = cases.Select(c => c.Slug).Append("viridis").Append("jet").ToList();
        var secrets = cases.Select(c => c.Title).Append("CANARY-").ToList();

        var templates = EndpointAccessTable.Rows
            .Where(r => (r.Key.StartsWith("GET ", StringComparison.Ordinal) || r.Key.StartsWith("* ", StringComparison.Ordinal)) && (r.Value.Allowed & Who.Trainee) != 0)
            .Select(r => r.Key[(r.Key.IndexOf(' ', StringComparison.Ordinal) + 1)..])
            .ToList();
        Assert.Contains("/practice/{id:guid}", templates);

        var leaks = new List<string>();
        var requests = 0;
        foreach (var shown in cases)
        {
            // A trainee has one open attempt at a time: show each case in turn, unanswered.
            var attempt = new Attempt { UserId = userId, CaseId = shown.Id, PresentedAt = DateTime.UtcNow };
            await app.WithDbAsync(async db => { db.Attempts.Add(attempt); return await db.SaveChangesAsync(); });
            var guids = caseGuids.Prepend(attempt.PublicId.ToString()).ToList();
            // Query parameters the table's templates do not show: the feature map's highlighted case.
            var queries = ints.Select(i => "/featuremap?case=" + i);
            foreach (var url in templates.SelectMany(t => Expand(t, guids, ints, words)).Concat(queries))
            {
                requests++;
                using var response = await client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                var headers = string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => h.Key + ": " + string.Join(",", h.Value)));
                foreach (var secret in secrets)
                {
                    if (body.Contains(secret, StringComparison.OrdinalIgnoreCase) || headers.Contains(secret, StringComparison.OrdinalIgnoreCase))
                    {
                        leaks.Add($"{url} ({(int)response.StatusCode}) carries \"{secret}\"");
                    }
                }
            }

            await app.WithDbAsync(db => db.Attempts.Where(a => a.Id == attempt.Id).ExecuteDeleteAsync());
        }

        Assert.True(requests > 20, $"only {requests} requests were made");
        Assert.True(leaks.Count == 0, "Leaks before the answer:\n  " + string.Join("\n  ", leaks));
    }

    /// <summary>Every combination of real ids for the template's parameters (at most 200 per template).</summary>
    private static IEnumerable<string> Expand(string template, List<string> guids, List<string> ints, List<string> words)
    {
        var urls = new List<string> { template };
        foreach (Match m in RouteParameter().Matches(template))
        {
            var values = m.Groups["constraint"].Value switch
            {
                "guid" => guids,
                "int" or "long" => ints,
                _ => words.Concat(guids).Concat(ints).ToList(),
            };
            urls = urls.SelectMany(u => values.Select(v => u.Replace(m.Value, v, StringComparison.Ordinal))).Take(200).ToList();
        }

        return urls;
    }
}
