using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Practice;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneTumorTutor.Tests.Practice;

/// <summary>Group commit of answers against a migrated SQLite file (triggers included): exactly once, batched, isolated failures.</summary>
public sealed class AnswerCommitterTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("btt-commit-").FullName;
    private ServiceProvider _services = null!;
    private WriteGate _gate = null!;
    private AnswerCommitter _committer = null!;

    public async ValueTask InitializeAsync()
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "t.db"), Pooling = false }.ToString();
        var collection = new ServiceCollection();
        collection.AddDbContext<AppDbContext>(o => o.UseSqlite(connection));
        _services = collection.BuildServiceProvider();
        _gate = new WriteGate();
        _committer = new AnswerCommitter(_services.GetRequiredService<IServiceScopeFactory>(), _gate, NullLogger<AnswerCommitter>.Instance);
        await WithDbAsync(async db =>
        {
            await db.Database.MigrateAsync();
            db.Cases.Add(new Case
            {
                Slug = "c1", Title = "Case", Diagnosis = Diagnosis.Osteosarcoma, ProvenBy = "histology", Age = 20, Sex = Sex.Female, Site = "distal femur",
                Side = "left", View = "AP", Source = "test", License = "CC0", Attribution = "", NotesMarkdown = "notes",
            });
            return await db.SaveChangesAsync();
        });
    }

    public async ValueTask DisposeAsync()
    {
        _committer.Dispose();
        await _services.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> work)
    {
        using var scope = _services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    private Task<List<long>> OpenAttemptsAsync(int count) => WithDbAsync(async db =>
    {
        var caseId = await db.Cases.Select(c => c.Id).SingleAsync();
        // One trainee per attempt: a trainee has at most one open attempt.
        var users = Enumerable.Range(0, count).Select(i => new AppUser { Id = $"t{i}", UserName = $"t{i}", DisplayName = $"T{i}" }).ToList();
        db.Users.AddRange(users);
        var attempts = users.Select(u => new Attempt { UserId = u.Id, CaseId = caseId, PresentedAt = DateTime.UtcNow }).ToList();
        db.Attempts.AddRange(attempts);
        await db.SaveChangesAsync();
        return attempts.Select(a => a.Id).ToList();
    });

    private static readonly DateTime At = new DateTime(2026, 11, 29, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);

    private static AnswerCommit Answer(long attempt, int confidence = 70, Diagnosis answer = Diagnosis.Osteosarcoma) =>
        new(attempt, answer, confidence, At, 1234, Diagnosis.Osteosarcoma, 7, ExperienceBand.Intermediate);

    [Fact]
    public async Task Answers_That_Queue_Together_Share_A_Transaction_And_Each_Attempt_Is_Stored_Exactly_Once()
    {
        var attempts = await OpenAttemptsAsync(150);

        // Hold the gate (another writer is busy) while 300 submissions arrive: each attempt twice, as a double click.
        var release = new TaskCompletionSource();
        var holder = WithDbAsync(db => _gate.RunAsync(db, async _ =>
        {
            await release.Task;
            return 0;
        }));
        var submissions = attempts.Concat(attempts).Select((id, i) => Task.Run(() => _committer.CommitAsync(Answer(id, confidence: i < 150 ? 60 : 90)))).ToList();
        await Task.Delay(200, TestContext.Current.CancellationToken);
        release.SetResult();
        await holder;
        var stored = await Task.WhenAll(submissions);

        Assert.Equal(150, stored.Count(s => s));
        var rows = await WithDbAsync(db => db.Attempts.AsNoTracking().ToListAsync());
        // Every field reads back through EF exactly as given (the writer binds its own SQL).
        Assert.All(rows, a => Assert.Equal(
            (At, Diagnosis.Osteosarcoma, Diagnosis.Osteosarcoma, true, 1234, 7, ExperienceBand.Intermediate),
            (a.AnsweredAt!.Value, a.Answer!.Value, a.Truth!.Value, a.IsCorrect!.Value, a.TimeOnCaseMs!.Value, a.ExperienceYears!.Value, a.Band!.Value)));
        Assert.All(rows, a => Assert.Contains(a.Confidence, new int?[] { 60, 90 }));
        var (answers, transactions) = _committer.Committed;
        Assert.Equal(300, answers);
        Assert.True(transactions <= 4, $"{transactions} transactions for 300 answers that queued together");

        // The learner's summary triggers saw each answer once.
        var summarised = await WithDbAsync(db => db.Database.SqlQueryRaw<int>("""SELECT COALESCE(SUM("Answered"), 0) AS "Value" FROM "ProgressLearners" """).SingleAsync());
        Assert.Equal(150, summarised);
    }

    [Fact]
    public async Task A_Row_That_Fails_Does_Not_Fail_The_Others_In_Its_Batch()
    {
        var attempts = await OpenAttemptsAsync(20);
        await WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "CREATE TRIGGER poison BEFORE UPDATE ON Attempts WHEN NEW.Confidence = 13 BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;"));

        var release = new TaskCompletionSource();
        var holder = WithDbAsync(db => _gate.RunAsync(db, async _ =>
        {
            await release.Task;
            return 0;
        }));
        var submissions = attempts.Select((id, i) => _committer.CommitAsync(Answer(id, confidence: i == 7 ? 13 : 50))).ToList();
        release.SetResult();
        await holder;

        var poisoned = await Assert.ThrowsAnyAsync<Exception>(() => submissions[7]);
        Assert.Contains("poisoned row", poisoned.Message, StringComparison.Ordinal);
        foreach (var (task, i) in submissions.Select((t, i) => (t, i)).Where(x => x.i != 7))
        {
            Assert.True(await task, $"answer {i}");
        }

        var answered = await WithDbAsync(db => db.Attempts.Where(a => a.AnsweredAt != null).Select(a => a.Id).ToListAsync());
        Assert.Equal(attempts.Where((_, i) => i != 7).Order(), answered.Order());
    }

    [Fact]
    public async Task After_Shutdown_An_Answer_Still_Commits_On_Its_Own_Connection()
    {
        var attempts = await OpenAttemptsAsync(2);
        Assert.True(await _committer.CommitAsync(Answer(attempts[0])));

        _committer.Dispose();

        Assert.True(await _committer.CommitAsync(Answer(attempts[1])));
        Assert.False(await _committer.CommitAsync(Answer(attempts[1])));
        Assert.Equal(2, await WithDbAsync(db => db.Attempts.CountAsync(a => a.AnsweredAt != null)));
    }
}
