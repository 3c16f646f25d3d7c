using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Inference;

public sealed class PredictionQueueTests(AppFactory app) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task At_start_the_active_model_reads_every_published_case_with_a_box()
    {
        var active = app.Services.GetRequiredService<IActiveModel>().Current;
        Assert.NotNull(active);
        Assert.Equal("btt-os-gct", active.Name);
        await app.Services.GetRequiredService<PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

        var (cases, predictions) = await app.WithDbAsync(async db => (
            await db.Cases.Where(c => c.Status == CaseStatus.Published && c.ImageId != null).Select(c => new { c.Id, c.LesionBox }).ToListAsync(),
            await db.CasePredictions.Where(p => p.ModelSha256 == active.Sha256).ToListAsync()));
        Assert.NotEmpty(cases);
        Assert.Equal(cases.Where(c => c.LesionBox is not null).Select(c => c.Id).Order(), predictions.Select(p => p.CaseId).Order());
        Assert.All(predictions, p =>
        {
            Assert.InRange(p.ProbabilityOs, 0, 1);
            Assert.Equal(p.ProbabilityOs >= active.Threshold ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor, p.Call);
            Assert.Equal(16 * 16, p.CamOf(1).Length);
            Assert.Equal(128, p.EmbeddingValues().Length);
            Assert.NotNull(p.OodDistance);
            Assert.NotNull(p.ClinicalProbability);
            Assert.Equal(64, p.InputHash.Length);
        });
    }

    [Fact]
    public async Task A_changed_case_is_read_again_and_an_unchanged_one_is_not()
    {
        var queue = app.Services.GetRequiredService<PredictionQueue>();
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);
        var (caseId, before, other) = await app.WithDbAsync(async db =>
        {
            var rows = await db.CasePredictions.OrderBy(p => p.CaseId).Take(2).ToListAsync();
            return (rows[0].CaseId, rows[0].Id, rows[1]);
        });

        // The box moves: the cached reading is stale and must be replaced.
        await app.WithDbAsync(async db =>
        {
            var c = await db.Cases.SingleAsync(x => x.Id == caseId);
            var b = c.LesionBox!.Value;
            c.LesionBox = new LesionBox(b.X + 4, b.Y + 4, b.Width, b.Height);
            return await db.SaveChangesAsync();
        });
        await queue.CasesChangedAsync([caseId, other.CaseId], TestContext.Current.CancellationToken);
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);

        var (after, otherAfter) = await app.WithDbAsync(async db => (
            await db.CasePredictions.SingleAsync(p => p.CaseId == caseId),
            await db.CasePredictions.SingleAsync(p => p.CaseId == other.CaseId)));
        Assert.NotEqual(before, after.Id);
        Assert.Equal(other.Id, otherAfter.Id);
        Assert.Equal(other.ComputedAt, otherAfter.ComputedAt);
    }

    [Fact]
    public async Task A_reading_without_an_input_hash_is_dropped_and_read_again()
    {
        var queue = app.Services.GetRequiredService<PredictionQueue>();
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);
        var planted = await app.WithDbAsync(async db =>
        {
            var row = await db.CasePredictions.OrderByDescending(p => p.CaseId).FirstAsync();
            row.InputHash = "";
            await db.SaveChangesAsync();
            return row;
        });

        await queue.CasesChangedAsync([planted.CaseId], TestContext.Current.CancellationToken);
        await queue.WhenIdleAsync(TestContext.Current.CancellationToken);

        var now = await app.WithDbAsync(db => db.CasePredictions.SingleAsync(p => p.CaseId == planted.CaseId));
        Assert.NotEqual(planted.Id, now.Id);
        Assert.Equal(64, now.InputHash.Length);
    }
}
