using BenchmarkDotNet.Attributes;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Studies;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Bench;

// The reader-study results bar: a sequential study of 30 readers x 100 cases x 2 modalities must analyse in under
// 2 s. Measured: the whole analysis behind the results page (per-reader metrics and DeLong tests, ORH overall and
// per band, model versus reader mean, automation bias, summary), the three exports, and what the results page does
// on the server before rendering: load the study from a SQLite database (6,000 reads) and analyse it.
//   dotnet run -c Release --project bench/BoneTumorTutor.Bench -- --filter '*StudyResults*' --job short
[MemoryDiagnoser]
public class StudyResultsBenchmarks
{
    private const int Readers = 30;
    private const int Cases = 100;
    private readonly ExperienceOptions _bands = new();
    private StudyData _data = null!;
    private string _dbPath = "";
    private int _studyId;

    [GlobalSetup]
    public void Setup()
    {
        _data = Synthetic(seed: 2024);
        _dbPath = Path.Combine(Path.GetTempPath(), $"btt-study-bench-{Guid.NewGuid():N}.db");
        _studyId = SeedAsync(_dbPath).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_dbPath);
    }

    [Benchmark]
    public StudyResults Analyze_30_Readers_100_Cases_Sequential() => StudyAnalysis.Analyze(_data, _bands);

    [Benchmark]
    public int Exports_30_Readers_100_Cases() =>
        StudyExports.RatingsCsv(_data).Length + StudyExports.Imrmc(_data).Length + StudyExports.ResultsCsv(StudyAnalysis.Analyze(_data, _bands)).Length;

    [Benchmark]
    public async Task<StudyResults> Load_From_Sqlite_And_Analyze_30_Readers_100_Cases()
    {
        await using var db = Open(_dbPath);
        var service = new StudyService(db, new WriteGate(), new NoActiveModel(), TimeProvider.System, Options.Create(_bands));
        var data = await service.DataAsync(_studyId) ?? throw new InvalidOperationException("study missing");
        return StudyAnalysis.Analyze(data, _bands);
    }

    private static AppDbContext Open(string path) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path}").Options);

    // Readers of three bands with different skill; the aided rating moves towards the model, which is right on
    // about 90% of cases; ratings are 0-100 integers like the app's slider.
    private static StudyData Synthetic(int seed)
    {
        var random = new Random(seed);
        var cases = Enumerable.Range(0, Cases).Select(k =>
        {
            var truth = k % 2 == 0 ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor;
            var right = random.NextDouble() < 0.9;
            var p = right == (truth == Diagnosis.Osteosarcoma) ? 0.55 + 0.44 * random.NextDouble() : 0.45 * random.NextDouble();
            return new AnalysisCase($"C{k + 1:000}", k + 1, truth, p, p >= 0.5 ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor);
        }).ToList();
        var readers = Enumerable.Range(0, Readers).Select(j =>
        {
            var years = j % 3 == 0 ? 2 : j % 3 == 1 ? 8 : 15;
            return new AnalysisReader($"R{j + 1:00}", $"Reader {j + 1}", new ExperienceOptions().BandFor(years), years);
        }).ToList();
        var reads = new List<AnalysisRead>();
        foreach (var reader in readers)
        {
            var skill = 0.8 + 0.1 * reader.ExperienceYears / 5.0 + 0.3 * Normal(random);
            foreach (var c in cases)
            {
                var latent = (c.IsOsteosarcoma ? skill : -skill) + Normal(random);
                var unaided = (int)Math.Round(100 / (1 + Math.Exp(-latent)));
                var aided = (int)Math.Clamp(Math.Round(0.6 * unaided + 40 * c.ModelProbability!.Value + 5 * Normal(random)), 0, 100);
                reads.Add(new AnalysisRead(reader.Label, c.Label, unaided, unaided >= 50 ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor,
                    aided, aided >= 50 ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor));
            }
        }

        return new StudyData("Benchmark study", StudyDesign.Sequential, readers, cases, reads);
    }

    private async Task<int> SeedAsync(string path)
    {
        await using var db = Open(path);
        await Database.MigrateAsync(db);
        var now = DateTime.UtcNow;
        var users = _data.Readers.Select(r => new AppUser { UserName = r.Label, Email = r.Label + "@bench", DisplayName = r.Name, ExperienceYears = r.ExperienceYears }).ToList();
        db.Users.AddRange(users);
        var caseRows = _data.Cases.Select(c => new Case
        {
            Slug = c.Label, Title = c.Label, Diagnosis = c.Truth, ProvenBy = "bench", Site = "distal femur", Side = "left", View = "AP",
            Source = "synthetic", License = "CC0", Attribution = "bench", NotesMarkdown = "", CreatedAt = now, UpdatedAt = now,
            Image = new CaseImage { OriginalFileName = "x.png", OriginalContentType = "image/png", OriginalBytes = [0], DisplayPng = [0], Width = 1, Height = 1, Sha256 = c.Label },
        }).ToList();
        db.Cases.AddRange(caseRows);
        await db.SaveChangesAsync();

        var study = new ReaderStudy
        {
            Name = _data.Name, Design = StudyDesign.Sequential, ModelSha256 = new string('b', 64), ModelName = "bench", ModelThreshold = 0.5,
            Deadline = now.AddDays(1), CreatedAt = now, CreatedByUserId = users[0].Id,
            Cases = [.. _data.Cases.Select((c, i) => new StudyCase { CaseId = caseRows[i].Id, Position = i, Truth = c.Truth, ModelProbability = c.ModelProbability, ModelCall = c.ModelCall })],
            Readers = [.. _data.Readers.Select((r, j) => new StudyReader { UserId = users[j].Id, ExperienceYears = r.ExperienceYears, Band = r.Band, AssignedAt = now, StartedAt = now })],
        };
        db.ReaderStudies.Add(study);
        await db.SaveChangesAsync();

        var caseByLabel = _data.Cases.Select((c, i) => (c.Label, study.Cases[i].Id)).ToDictionary(x => x.Label, x => x.Id);
        var readerByLabel = _data.Readers.Select((r, j) => (r.Label, study.Readers[j].Id)).ToDictionary(x => x.Label, x => x.Id);
        var sequence = new Dictionary<string, int>();
        foreach (var r in _data.Reads)
        {
            var n = sequence[r.Reader] = sequence.GetValueOrDefault(r.Reader) + 1;
            db.StudyReads.Add(new StudyRead
            {
                StudyReaderId = readerByLabel[r.Reader], StudyCaseId = caseByLabel[r.Case], Sequence = n - 1,
                UnaidedRating = r.Unaided, UnaidedDiagnosis = r.UnaidedCall, UnaidedAt = now, UnaidedMs = 1000,
                AidedRating = r.Aided, AidedDiagnosis = r.AidedCall, AidedAt = now, AidedMs = 500,
            });
        }

        await db.SaveChangesAsync();
        return study.Id;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
