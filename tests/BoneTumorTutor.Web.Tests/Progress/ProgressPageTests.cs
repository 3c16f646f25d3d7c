using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Statistics;
using BoneTumorTutor.Web.Features.Progress;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Tests.Progress;

public sealed class ProgressPageTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    [Fact]
    public async Task The_Progress_Page_Shows_The_Engines_Accuracy_From_Committed_Answers_Only()
    {
        var client = await app.SignedInClientAsync("progress-own@example.org", 2, Roles.Trainee);
        int[] confidences = [80, 30, 65, 10];
        foreach (var confidence in confidences)
        {
            var (attemptId, html) = await client.OpenNextCaseAsync();
            var answer = await client.AnswerAsync(attemptId, confidence >= 50 ? "Osteosarcoma" : "GiantCellTumor", confidence, html);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }

        // An open, uncommitted attempt must not count.
        await client.OpenNextCaseAsync();

        var page = await client.GetAsync("/progress");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html2 = await page.Content.ReadAsStringAsync();

        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "progress-own@example.org").Select(u => u.Id).SingleAsync());
        var committed = await app.WithDbAsync(db => db.Attempts
            .Where(a => a.UserId == userId && a.AnsweredAt != null)
            .Select(a => new { a.Truth, a.Answer, a.Confidence })
            .ToListAsync());
        Assert.Equal(4, committed.Count);
        var truth = committed.Select(a => a.Truth == Diagnosis.Osteosarcoma).ToList();
        var accuracy = DiagnosticAccuracy.FromCalls(truth, [.. committed.Select(a => a.Answer == Diagnosis.Osteosarcoma)]).Accuracy;
        Assert.Contains(ProgressFormat.WithInterval(accuracy), html2, StringComparison.Ordinal);
        Assert.Contains("4 committed answers", html2, StringComparison.Ordinal);
        if (truth.Contains(true) && truth.Contains(false))
        {
            var auc = Roc.Auc(truth, [.. committed.Select(a => (double)a.Confidence!.Value)]);
            Assert.Contains($"AUC <strong>{ProgressFormat.Auc(auc)}</strong>", html2, StringComparison.Ordinal);
            Assert.Contains("The 95% DeLong interval is given from 10 cases of each diagnosis", html2, StringComparison.Ordinal);
        }

        // The development model is active in the test app (inference serving), so the model section names it.
        Assert.Contains("Model <strong>btt-os-gct</strong>", html2, StringComparison.Ordinal);
        Assert.Contains("/lib/chart.js/dist/chart.umd.min.js", html2, StringComparison.Ordinal);
        Assert.Contains("/js/progress.js", html2, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html2, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Person_Without_Answers_Gets_An_Empty_Progress_Page()
    {
        var client = await app.SignedInClientAsync("progress-director@example.org", 12, Roles.Director);

        var html = await client.GetStringAsync("/progress");

        Assert.Contains("No answers yet", html, StringComparison.Ordinal);
        Assert.Contains("Senior", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/lib/chart.js/dist/chart.umd.min.js")]
    [InlineData("/lib/chart.js/dist/chart.umd.min.js.map")]
    [InlineData("/js/progress.js")]
    public async Task The_Chart_Scripts_And_The_Source_Map_They_Name_Are_Served(string path)
    {
        var response = await app.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
