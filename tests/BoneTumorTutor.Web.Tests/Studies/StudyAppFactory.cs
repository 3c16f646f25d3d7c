using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Studies;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Studies;

/// <summary>The four-case app with an active model whose cached readings are planted: right on three cases, wrong on one (bravo).</summary>
public sealed class StudyAppFactory : CustomContentAppFactory
{
    public static readonly ActiveModelInfo Model = new("test-model", new string('a', 64), 0.5);

    /// <summary>Eight cases more than the base four (twelve: six of each diagnosis), so a study's ORH analysis has data to work on.</summary>
    public StudyAppFactory()
    {
        for (var i = 0; i < 8; i++)
        {
            AddCase($"extra-{i}", i % 2 == 0 ? "osteosarcoma" : "giant-cell-tumor", $"## Findings\nCANARY-EXTRA-{i}-NOTES.", seed: 10 + i);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IActiveModel>(new FixedModel()));
    }

    private sealed class FixedModel : IActiveModel
    {
        public ActiveModelInfo? Current => Model;
    }

    private int _planted;

    /// <summary>Plants the model's readings once: p(OS) 0.9 for OS cases and 0.2 for GCT, except bravo (GCT) at 0.7.</summary>
    public async Task PlantPredictionsAsync()
    {
        if (Interlocked.Exchange(ref _planted, 1) == 1)
        {
            return;
        }

        _ = Server;
        await WithDbAsync(async db =>
        {
            foreach (var c in await db.Cases.Include(c => c.Image).ToListAsync())
            {
                var p = c.Slug == "bravo" ? 0.7 : c.Diagnosis == Diagnosis.Osteosarcoma ? 0.9 : 0.2;
                db.CasePredictions.Add(new CasePrediction
                {
                    CaseId = c.Id, ModelSha256 = Model.Sha256, ProbabilityOs = p,
                    Call = p >= Model.Threshold ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor, ComputedAt = DateTime.UtcNow,
                    // Planted like a real reading, with the hash of the case's inputs, so the prediction queue keeps it.
                    InputHash = CaseForReading.Hash(c.Image!.Sha256, c.LesionBox, c.Age, c.Sex, c.Site),
                });
            }

            return await db.SaveChangesAsync();
        });
    }

    public Task<Dictionary<string, int>> CaseIdsAsync() => WithDbAsync(db => db.Cases.ToDictionaryAsync(c => c.Slug, c => c.Id));

    public Task<ReaderStudy> StudyAsync(int id) =>
        WithDbAsync(db => db.ReaderStudies.Include(s => s.Cases).Include(s => s.Readers).ThenInclude(r => r.Reads).AsNoTracking().SingleAsync(s => s.Id == id));
}
