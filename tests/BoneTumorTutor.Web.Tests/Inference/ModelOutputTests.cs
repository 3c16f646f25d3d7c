using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Inference;

/// <summary>The model's output on the reveal and as heatmap images: only after the trainee's answer, staff always.</summary>
public sealed class ModelOutputTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task WaitForPredictionsAsync() =>
        await app.Services.GetRequiredService<PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

    /// <summary>Refused as the app refuses: to the access-denied page, no image.</summary>
    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/denied", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString.Split('?')[0]);
    }

    private Task<int> CaseOfAttemptAsync(Guid attemptId) =>
        app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.CaseId).SingleAsync());

    [Fact]
    public async Task A_trainee_gets_the_heatmap_only_after_committing_and_the_reveal_shows_the_reading()
    {
        await WaitForPredictionsAsync();
        var client = await app.SignedInClientAsync("heat-trainee@example.org", 2, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();
        var caseId = await CaseOfAttemptAsync(attemptId);
        Assert.DoesNotContain("/model/heat/", html, StringComparison.Ordinal);

        AssertRefused(await client.GetAsync($"/model/heat/{caseId}/viridis.png"));

        await client.AnswerAsync(attemptId, "Osteosarcoma", 70, html);
        var after = await client.GetAsync($"/model/heat/{caseId}/viridis.png");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("image/png", after.Content.Headers.ContentType!.MediaType);
        var png = await after.Content.ReadAsByteArrayAsync();
        using var image = SixLabors.ImageSharp.Image.Load(png);
        var size = await app.WithDbAsync(db => db.Cases.Where(c => c.Id == caseId).Select(c => new { c.Image!.Width, c.Image.Height }).SingleAsync());
        Assert.Equal((size.Width, size.Height), (image.Width, image.Height));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/model/heat/{caseId}/jet.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/model/heat/{caseId}/rainbow.png")).StatusCode);

        var prediction = await app.WithDbAsync(db => db.CasePredictions.SingleAsync(p => p.CaseId == caseId));
        var reveal = await client.GetStringAsync($"/practice/{attemptId}/reveal");
        Assert.Contains($"/model/heat/{caseId}/viridis.png?model={prediction.ModelSha256}", reveal, StringComparison.Ordinal);
        Assert.Contains((100 * prediction.ProbabilityOs).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%", reveal, StringComparison.Ordinal);
        Assert.Contains("Clinical-only model", reveal, StringComparison.Ordinal);
        Assert.Contains("educational aid, not for clinical use", reveal, StringComparison.Ordinal);
        Assert.Equal(prediction.IsOutOfDistribution, reveal.Contains("data-model-ood", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_trainee_who_has_not_answered_the_case_is_refused_and_staff_are_not()
    {
        await WaitForPredictionsAsync();
        var caseId = await app.WithDbAsync(db => db.CasePredictions.Select(p => p.CaseId).FirstAsync());
        var trainee = await app.SignedInClientAsync("heat-other@example.org", 2, Roles.Trainee);
        AssertRefused(await trainee.GetAsync($"/model/heat/{caseId}/viridis.png"));
        foreach (var role in new[] { Roles.Educator, Roles.Director, Roles.Admin })
        {
            var staff = await app.SignedInClientAsync($"heat-{role.ToLowerInvariant()}@example.org", 5, role);
            Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/model/heat/{caseId}/viridis.png")).StatusCode);
        }
    }

    [Fact]
    public async Task The_reveal_is_served_from_the_cache_without_running_the_model()
    {
        await WaitForPredictionsAsync();
        var queue = app.Services.GetRequiredService<PredictionQueue>();
        var computed = queue.Progress.ComputedSinceStart;
        var rows = await app.WithDbAsync(db => db.CasePredictions.CountAsync());
        var client = await app.SignedInClientAsync("heat-cache@example.org", 2, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();
        await client.AnswerAsync(attemptId, "GiantCellTumor", 30, html);
        Assert.Contains("The model's reading", await client.GetStringAsync($"/practice/{attemptId}/reveal"), StringComparison.Ordinal);
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(computed, queue.Progress.ComputedSinceStart);
        Assert.Equal(rows, await app.WithDbAsync(db => db.CasePredictions.CountAsync()));
    }
}
