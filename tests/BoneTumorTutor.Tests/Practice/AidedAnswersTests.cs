using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Practice;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Tests.Practice;

/// <summary>The aided second answer against a real SQLite database (in memory): once, after the unaided one, with model output.</summary>
public sealed class AidedAnswersTests : IAsyncLifetime
{
    private const string Sha = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private readonly FixedModel _model = new();
    private AppDbContext _db = null!;

    private sealed class FixedModel : IActiveModel
    {
        public ActiveModelInfo? Current { get; set; } = new("test-model", Sha, 0.5);
    }

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync();
        _db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(_connection).Options);
        await _db.Database.EnsureCreatedAsync();
        _db.Users.Add(new AppUser { Id = "u1", UserName = "u1", DisplayName = "One" });
        _db.Users.Add(new AppUser { Id = "u2", UserName = "u2", DisplayName = "Two" });
        await _db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    private AidedAnswers Service() => new(_db, new WriteGate(), _model, TimeProvider.System);

    private async Task<Case> CaseAsync(Diagnosis truth, LesionBox? box, double? modelPOs)
    {
        var c = new Case
        {
            Slug = "c" + Guid.NewGuid().ToString("N")[..8], Title = "Case", Diagnosis = truth, ProvenBy = "histology", Age = 20, Sex = Sex.Female,
            Site = "distal femur", Side = "left", View = "AP", LesionBox = box, Source = "test", License = "CC0", Attribution = "", NotesMarkdown = "notes",
        };
        _db.Cases.Add(c);
        await _db.SaveChangesAsync();
        if (modelPOs is { } p)
        {
            _db.CasePredictions.Add(new CasePrediction
            {
                CaseId = c.Id, ModelSha256 = Sha, ProbabilityOs = p, Call = p >= 0.5 ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor,
            });
            await _db.SaveChangesAsync();
        }

        return c;
    }

    private async Task<Attempt> AttemptAsync(Case c, Diagnosis? answer, int? confidence, string user = "u1")
    {
        var a = new Attempt
        {
            UserId = user, CaseId = c.Id, PresentedAt = DateTime.UtcNow.AddMinutes(-1), Answer = answer, Confidence = confidence,
            AnsweredAt = answer is null ? null : DateTime.UtcNow, Truth = answer is null ? null : c.Diagnosis, IsCorrect = answer is null ? null : answer == c.Diagnosis,
        };
        _db.Attempts.Add(a);
        await _db.SaveChangesAsync();
        _db.ChangeTracker.Clear();
        return a;
    }

    private Task<Attempt> StoredAsync(Attempt a) => _db.Attempts.AsNoTracking().SingleAsync(x => x.Id == a.Id);

    [Fact]
    public async Task The_Aided_Answer_Is_Stored_Beside_The_Unaided_One_With_The_Model_Reading_Seen()
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, new LesionBox(1, 1, 10, 10), 0.8);
        var attempt = await AttemptAsync(c, Diagnosis.GiantCellTumor, 30);

        var outcome = await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 70);

        Assert.Equal(AidedStatus.Saved, outcome.Status);
        var stored = await StoredAsync(attempt);
        Assert.Equal((Diagnosis.GiantCellTumor, 30), (stored.Answer!.Value, stored.Confidence!.Value));
        Assert.Equal((Diagnosis.Osteosarcoma, 70), (stored.AidedAnswer!.Value, stored.AidedConfidence!.Value));
        Assert.NotNull(stored.AidedAt);
        Assert.Equal((0.8, Diagnosis.Osteosarcoma, Sha), (stored.ModelProbability!.Value, stored.ModelCall!.Value, stored.ModelSha256));
        Assert.True(stored.Switched);
        Assert.True(stored.ModelCorrect);
        var read = AidedAnswers.Of(stored)!;
        Assert.True(read.Switched);
        Assert.True(read.ModelWasRight);
    }

    [Fact]
    public async Task A_Wrong_Model_Is_Recorded_As_Wrong_And_Keeping_The_Answer_Is_Not_A_Switch()
    {
        var c = await CaseAsync(Diagnosis.GiantCellTumor, new LesionBox(1, 1, 10, 10), 0.9);
        var attempt = await AttemptAsync(c, Diagnosis.GiantCellTumor, 20);

        Assert.Equal(AidedStatus.Saved, (await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.GiantCellTumor, 40)).Status);

        var stored = await StoredAsync(attempt);
        Assert.False(stored.Switched);
        Assert.False(stored.ModelCorrect);
    }

    [Fact]
    public async Task A_Second_Submit_Changes_Nothing()
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, new LesionBox(1, 1, 10, 10), 0.7);
        var attempt = await AttemptAsync(c, Diagnosis.Osteosarcoma, 60);

        Assert.Equal(AidedStatus.Saved, (await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 90)).Status);
        var first = await StoredAsync(attempt);
        var again = await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.GiantCellTumor, 10);

        Assert.Equal(AidedStatus.AlreadyGiven, again.Status);
        var stored = await StoredAsync(attempt);
        Assert.Equal((Diagnosis.Osteosarcoma, 90, first.AidedAt), (stored.AidedAnswer!.Value, stored.AidedConfidence!.Value, stored.AidedAt));
    }

    [Fact]
    public async Task The_Aided_Answer_Cannot_Be_Posted_Before_The_Unaided_One_Exists()
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, new LesionBox(1, 1, 10, 10), 0.7);
        var attempt = await AttemptAsync(c, answer: null, confidence: null);

        var outcome = await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 80);

        Assert.Equal(AidedStatus.NotAnsweredYet, outcome.Status);
        Assert.Equal(AidedAnswers.NotAnsweredMessage, outcome.Message);
        var stored = await StoredAsync(attempt);
        Assert.Null(stored.AidedAnswer);
        Assert.Null(stored.AidedAt);
        Assert.Null(stored.ModelCall);
        Assert.Null(stored.AnsweredAt);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Without_Model_Output_The_Aided_Answer_Is_Refused(bool hasBox, bool hasPrediction)
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, hasBox ? new LesionBox(1, 1, 10, 10) : null, hasPrediction ? 0.7 : null);
        var attempt = await AttemptAsync(c, Diagnosis.Osteosarcoma, 60);

        var outcome = await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 80);

        Assert.Equal(AidedStatus.NoModelOutput, outcome.Status);
        Assert.Null((await StoredAsync(attempt)).AidedAt);
    }

    [Fact]
    public async Task Without_An_Active_Model_The_Aided_Answer_Is_Refused()
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, new LesionBox(1, 1, 10, 10), 0.7);
        var attempt = await AttemptAsync(c, Diagnosis.Osteosarcoma, 60);
        _model.Current = null;

        Assert.Equal(AidedStatus.NoModelOutput, (await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 80)).Status);
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData(Diagnosis.Osteosarcoma, null)]
    [InlineData(Diagnosis.Osteosarcoma, 101)]
    [InlineData(Diagnosis.Osteosarcoma, 20)]
    [InlineData(Diagnosis.GiantCellTumor, 80)]
    [InlineData((Diagnosis)7, 50)]
    public async Task Invalid_Values_Are_Refused_With_A_Message_And_Store_Nothing(Diagnosis? answer, int? confidence)
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, new LesionBox(1, 1, 10, 10), 0.7);
        var attempt = await AttemptAsync(c, Diagnosis.Osteosarcoma, 60);

        var outcome = await Service().SubmitAsync("u1", attempt.PublicId, answer, confidence);

        Assert.Equal(AidedStatus.Invalid, outcome.Status);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Message));
        Assert.Null((await StoredAsync(attempt)).AidedAt);
    }

    [Fact]
    public async Task Someone_Elses_Attempt_Is_Not_Found()
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, new LesionBox(1, 1, 10, 10), 0.7);
        var attempt = await AttemptAsync(c, Diagnosis.Osteosarcoma, 60, user: "u2");

        Assert.Equal(AidedStatus.NotFound, (await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 80)).Status);
        Assert.Null((await StoredAsync(attempt)).AidedAt);
    }

    [Fact]
    public async Task An_Aided_Read_Given_On_A_Page_From_A_Model_No_Longer_Active_Is_Refused_And_Stores_Nothing()
    {
        var c = await CaseAsync(Diagnosis.Osteosarcoma, new LesionBox(1, 1, 10, 10), 0.8);
        var attempt = await AttemptAsync(c, Diagnosis.GiantCellTumor, 30);
        var other = new string('b', 64);

        var stale = await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 70, seenModelSha256: other);

        Assert.Equal((AidedStatus.ModelChanged, AidedAnswers.ModelChangedMessage), (stale.Status, stale.Message));
        Assert.Null((await StoredAsync(attempt)).AidedAt);

        // The page shown again names the active model; that submit is stored (the hash compares case-insensitively).
        Assert.Equal(AidedStatus.Saved, (await Service().SubmitAsync("u1", attempt.PublicId, Diagnosis.Osteosarcoma, 70, seenModelSha256: Sha.ToUpperInvariant())).Status);
        Assert.Equal(Sha, (await StoredAsync(attempt)).ModelSha256);
    }
}
