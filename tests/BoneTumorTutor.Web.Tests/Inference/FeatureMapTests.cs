using System.Net;
using System.Text.Json;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Inference;

/// <summary>
/// The feature map: every published case with a cached reading is on it, coloured by proven diagnosis; a trainee sees a
/// case named (id, title) and highlighted only once they have answered it; staff see all; nothing is computed on a view.
/// </summary>
public sealed class FeatureMapTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed record Point(int? CaseId, string? Title, string Diagnosis, float[] Embedding);

    private async Task WaitForPredictionsAsync() =>
        await app.Services.GetRequiredService<PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

    private static async Task<List<Point>> PointsAsync(HttpClient client)
    {
        var response = await client.GetAsync("/featuremap/data");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("points").EnumerateArray().Select(p => new Point(
            p.TryGetProperty("caseId", out var id) ? id.GetInt32() : null,
            p.TryGetProperty("title", out var title) ? title.GetString() : null,
            p.GetProperty("diagnosis").GetString()!,
            p.GetProperty("embedding").EnumerateArray().Select(e => e.GetSingle()).ToArray())).ToList();
    }

    private Task<List<(int Id, string Title, Diagnosis Diagnosis)>> MappedCasesAsync() =>
        app.WithDbAsync(async db => (await db.CasePredictions
            .Where(p => p.Case!.Status == CaseStatus.Published)
            .Select(p => new { p.CaseId, p.Case!.Title, p.Case.Diagnosis })
            .ToListAsync()).Select(x => (x.CaseId, x.Title, x.Diagnosis)).ToList());

    [Fact]
    public async Task A_trainee_sees_every_case_by_diagnosis_but_names_and_highlights_only_the_one_they_answered()
    {
        await WaitForPredictionsAsync();
        var cases = await MappedCasesAsync();
        Assert.True(cases.Count >= 4, $"only {cases.Count} cases have a reading");
        var trainee = await app.SignedInClientAsync("map-trainee@example.org", 2, Roles.Trainee);

        // Before any answer: all points, none named, no title anywhere, no case can be highlighted.
        var before = await PointsAsync(trainee);
        Assert.Equal(cases.Count, before.Count);
        Assert.All(before, p => Assert.Null(p.CaseId));
        Assert.All(before, p => Assert.Null(p.Title));
        Assert.Equal(cases.Count(c => c.Diagnosis == Diagnosis.Osteosarcoma), before.Count(p => p.Diagnosis == DiagnosisNames.OsteosarcomaKey));
        var raw = await trainee.GetStringAsync("/featuremap/data");
        foreach (var c in cases)
        {
            Assert.DoesNotContain(c.Title, raw, StringComparison.OrdinalIgnoreCase);
            var page = await trainee.GetStringAsync($"/featuremap?case={c.Id}");
            Assert.DoesNotContain(c.Title, page, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("data-highlight=\"\"", page, StringComparison.Ordinal);
            Assert.DoesNotContain("data-feature-map-highlight", page, StringComparison.Ordinal);
        }

        // After answering one case: that case, and only it, is named and highlighted; the reveal links to it.
        var (attemptId, html) = await trainee.OpenNextCaseAsync();
        var answered = await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.CaseId).SingleAsync());
        await trainee.AnswerAsync(attemptId, "Osteosarcoma", 80, html);
        var reveal = await trainee.GetStringAsync($"/practice/{attemptId}/reveal");
        Assert.Contains($"/featuremap?case={answered}", reveal, StringComparison.Ordinal);

        var after = await PointsAsync(trainee);
        var named = Assert.Single(after, p => p.CaseId is not null);
        Assert.Equal(answered, named.CaseId);
        Assert.Equal(cases.Single(c => c.Id == answered).Title, named.Title);
        var highlighted = await trainee.GetStringAsync($"/featuremap?case={answered}");
        Assert.Contains($"data-highlight=\"{answered}\"", highlighted, StringComparison.Ordinal);
        Assert.Contains("data-feature-map-highlight", highlighted, StringComparison.Ordinal);
        foreach (var other in cases.Where(c => c.Id != answered))
        {
            var page = await trainee.GetStringAsync($"/featuremap?case={other.Id}");
            Assert.DoesNotContain(other.Title, page, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("data-highlight=\"\"", page, StringComparison.Ordinal);
        }

        // The answer changed which point is named, not the order or the points themselves (the layout stays put).
        Assert.Equal(before.Select(p => (p.Diagnosis, string.Join(',', p.Embedding))), after.Select(p => (p.Diagnosis, string.Join(',', p.Embedding))));
    }

    [Fact]
    public async Task Staff_see_every_case_named_in_the_same_order_as_trainees()
    {
        await WaitForPredictionsAsync();
        var cases = await MappedCasesAsync();
        var trainee = await PointsAsync(await app.SignedInClientAsync("map-order@example.org", 2, Roles.Trainee));
        foreach (var role in new[] { Roles.Educator, Roles.Director, Roles.Admin })
        {
            var staff = await PointsAsync(await app.SignedInClientAsync($"map-{role.ToLowerInvariant()}@example.org", 5, role));
            Assert.Equal(cases.Select(c => c.Id).Order(), staff.Select(p => p.CaseId!.Value).Order());
            Assert.All(staff, p => Assert.Equal(cases.Single(c => c.Id == p.CaseId).Title, p.Title));
            Assert.All(staff, p => Assert.Equal(cases.Single(c => c.Id == p.CaseId).Diagnosis.Key(), p.Diagnosis));
            Assert.Equal(trainee.Select(p => string.Join(',', p.Embedding)), staff.Select(p => string.Join(',', p.Embedding)));
        }

        // The order is the embedding hash's, not the case ids' (else a trainee could count their way to a case).
        var staffPoints = await PointsAsync(await app.SignedInClientAsync("map-educator2@example.org", 5, Roles.Educator));
        var ids = staffPoints.Select(p => p.CaseId!.Value).ToList();
        Assert.NotEqual(ids.Order(), ids);
        var page = await (await app.SignedInClientAsync("map-educator3@example.org", 5, Roles.Educator)).GetStringAsync($"/featuremap?case={ids[0]}");
        Assert.Contains($"data-highlight=\"{ids[0]}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_map_is_read_from_the_cache_without_running_the_model()
    {
        await WaitForPredictionsAsync();
        var queue = app.Services.GetRequiredService<PredictionQueue>();
        var computed = queue.Progress.ComputedSinceStart;
        var rows = await app.WithDbAsync(db => db.CasePredictions.CountAsync());
        var staff = await app.SignedInClientAsync("map-cache@example.org", 5, Roles.Educator);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/featuremap")).StatusCode);
        Assert.Equal((await MappedCasesAsync()).Count, (await PointsAsync(staff)).Count);
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);
        Assert.Equal(computed, queue.Progress.ComputedSinceStart);
        Assert.Equal(rows, await app.WithDbAsync(db => db.CasePredictions.CountAsync()));
    }
}
