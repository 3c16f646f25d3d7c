using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Practice;
using BoneTumorTutor.Statistics;
using BoneTumorTutor.Web.Features.Progress;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Tests.Progress;

public sealed class DashboardTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    // A known answer set: (truth OS?, p(OS)) for 24 answers, both classes, some wrong.
    private static readonly (bool TruthOs, int Confidence)[] Known =
    [
        (true, 90), (false, 10), (true, 70), (false, 40), (true, 35), (false, 60), (true, 80), (false, 20),
        (true, 55), (false, 45), (true, 95), (false, 5), (true, 20), (false, 30), (true, 65), (false, 75),
        (true, 85), (false, 15), (true, 60), (false, 50), (true, 50), (false, 25), (true, 75), (false, 35),
    ];

    private async Task<AppUser> SeedLearnerAsync(string email, string displayName, int years)
    {
        var user = await app.CreateUserAsync(email, years, Roles.Trainee);
        await app.WithDbAsync(async db =>
        {
            var u = await db.Users.SingleAsync(x => x.Id == user.Id);
            u.DisplayName = displayName;
            var os = await db.Cases.Where(c => c.Diagnosis == Diagnosis.Osteosarcoma).Select(c => c.Id).FirstAsync();
            var gct = await db.Cases.Where(c => c.Diagnosis == Diagnosis.GiantCellTumor).Select(c => c.Id).FirstAsync();
            var start = DateTime.UtcNow.AddDays(-60);
            for (var i = 0; i < Known.Length; i++)
            {
                var (truthOs, confidence) = Known[i];
                var answer = confidence > 50 || (confidence == 50 && truthOs) ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor;
                var truth = truthOs ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor;
                db.Attempts.Add(new Attempt
                {
                    UserId = user.Id, CaseId = truthOs ? os : gct, PresentedAt = start.AddDays(i * 2), AnsweredAt = start.AddDays(i * 2).AddMinutes(1),
                    Answer = answer, Confidence = confidence, Truth = truth, IsCorrect = answer == truth, ExperienceYears = years, Band = ExperienceBand.Junior,
                });
            }

            // An open attempt: never counted.
            db.Attempts.Add(new Attempt { UserId = user.Id, CaseId = os, PresentedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        return user;
    }

    private static (Proportion Accuracy, double Auc, AucEstimate DeLongCi) Expected()
    {
        var truth = Known.Select(k => k.TruthOs).ToList();
        var scores = Known.Select(k => (double)k.Confidence).ToList();
        var calls = Known.Select(k => k.Confidence > 50 || (k.Confidence == 50 && k.TruthOs)).ToList();
        return (DiagnosticAccuracy.FromCalls(truth, calls).Accuracy!, Roc.Auc(truth, scores), DeLong.Analyze(truth, scores));
    }

    [Fact]
    public async Task A_Director_Sees_The_Cohort_And_A_Learners_Drill_Down_With_The_Engines_Numbers()
    {
        var learner = await SeedLearnerAsync("dash-known@example.org", "Known Learner", 2);
        var director = await app.SignedInClientAsync("dash-director@example.org", 15, Roles.Director);
        var (accuracy, auc, delong) = Expected();

        var dashboard = await director.GetStringAsync("/dashboard");
        Assert.Contains($"href=\"/dashboard/learners/{learner.Id}\">Known Learner</a>", dashboard, StringComparison.Ordinal);
        Assert.Contains($"{ProgressFormat.Percent(accuracy.Estimate)} ({ProgressFormat.Interval(accuracy.Ci95)})", dashboard, StringComparison.Ordinal);
        Assert.Contains(ProgressFormat.Auc(auc), dashboard, StringComparison.Ordinal);
        Assert.Contains("Download cohort summary (CSV)", dashboard, StringComparison.Ordinal);

        var drill = await director.GetAsync($"/dashboard/learners/{learner.Id}");
        Assert.Equal(HttpStatusCode.OK, drill.StatusCode);
        var html = await drill.Content.ReadAsStringAsync();
        Assert.Contains("Progress of Known Learner", html, StringComparison.Ordinal);
        Assert.Contains("24 committed answers", html, StringComparison.Ordinal);
        Assert.Contains(ProgressFormat.WithInterval(accuracy), html, StringComparison.Ordinal);
        Assert.Contains($"AUC <strong>{ProgressFormat.Auc(auc)}</strong>", html, StringComparison.Ordinal);
        Assert.Contains($"(95% DeLong CI {ProgressFormat.AucInterval(delong.Ci)})", html, StringComparison.Ordinal);
        // A director cannot open the trainee's reveal pages, so the drill-down links none.
        Assert.DoesNotContain("/practice/", html.Split("<main")[1], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync("/dashboard/learners/no-such-user")).StatusCode);
    }

    [Fact]
    public async Task The_Band_Filter_Keeps_Only_That_Band()
    {
        await SeedLearnerAsync("dash-senior@example.org", "Senior Sam", 14);
        await SeedLearnerAsync("dash-junior@example.org", "Junior Jo", 1);
        var director = await app.SignedInClientAsync("dash-filter@example.org", 15, Roles.Director);

        var seniors = await director.GetStringAsync("/dashboard?band=Senior");

        Assert.Contains("Senior Sam", seniors, StringComparison.Ordinal);
        Assert.DoesNotContain("Junior Jo", seniors, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await director.GetAsync("/dashboard?band=42")).StatusCode);
    }

    [Fact]
    public async Task A_Trainee_Cannot_Open_The_Dashboard_Another_Learners_Drill_Down_Or_The_Exports()
    {
        var other = await SeedLearnerAsync("dash-other@example.org", "Other Learner", 3);
        var trainee = await app.SignedInClientAsync("dash-nosy@example.org", 3, Roles.Trainee);

        foreach (var path in new[] { "/dashboard", $"/dashboard/learners/{other.Id}", "/dashboard/export/cohort.csv", "/dashboard/export/answers.csv" })
        {
            var response = await trainee.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }

        var own = await trainee.GetStringAsync("/progress");
        Assert.DoesNotContain("Other Learner", own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exports_Parse_Back_With_A_Header_And_Neutralise_Formula_Cells()
    {
        var learner = await SeedLearnerAsync("dash-evil@example.org", "=HYPERLINK(\"http://x\",\"y\")", 2);
        var director = await app.SignedInClientAsync("dash-export@example.org", 15, Roles.Director);

        var cohort = await director.GetAsync("/dashboard/export/cohort.csv");
        Assert.Equal("text/csv", cohort.Content.Headers.ContentType!.MediaType);
        var rows = ParseCsv(await cohort.Content.ReadAsStringAsync());
        Assert.Equal("learner_id", rows[0][0]);
        var header = rows[0];
        var mine = rows.Single(r => r[0] == learner.Id);
        Assert.Equal("'=HYPERLINK(\"http://x\",\"y\")", mine[header.IndexOf("name")]);
        Assert.Equal("24", mine[header.IndexOf("answered")]);
        var (accuracy, auc, _) = Expected();
        Assert.Equal(accuracy.Estimate, double.Parse(mine[header.IndexOf("accuracy")], System.Globalization.CultureInfo.InvariantCulture), 4);
        Assert.Equal(auc, double.Parse(mine[header.IndexOf("auc")], System.Globalization.CultureInfo.InvariantCulture), 4);

        var answers = ParseCsv(await director.GetStringAsync("/dashboard/export/answers.csv"));
        Assert.Equal("learner_id", answers[0][0]);
        var learnerAnswers = answers.Skip(1).Where(r => r[0] == learner.Id).ToList();
        Assert.Equal(24, learnerAnswers.Count);
        Assert.All(learnerAnswers, r => Assert.StartsWith("'=", r[1], StringComparison.Ordinal));
        Assert.All(answers.Skip(1), r => Assert.Equal(answers[0].Count, r.Count));
    }

    // RFC 4180: quoted fields, doubled quotes, CRLF lines.
    private static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { cell.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row); row = []; }
            else { cell.Append(c); }
        }

        return rows;
    }
}
