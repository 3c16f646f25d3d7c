using System.Collections.Concurrent;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Practice;

/// <summary>One unaided answer to store on an open attempt.</summary>
public sealed record AnswerCommit(
    long AttemptId, Diagnosis Answer, int Confidence, DateTime AnsweredAt, int TimeOnCaseMs, Diagnosis Truth, int ExperienceYears, ExperienceBand Band);

/// <summary>
/// Group commit for answers. SQLite has one writer; when many trainees submit at once, committing each answer in
/// its own transaction made them queue on the <see cref="WriteGate"/>: under <c>bench/load.sh</c> the answer POST's
/// tail was the wait (gate wait p99 ~690 ms against a hold of ~3 ms), then the thread pool's queue. Here answers wait
/// in a queue of their own and one flush on the <see cref="WriteGate"/>'s writer thread takes every answer that is
/// waiting, applies each conditional update (<c>AnsweredAt IS NULL</c>, so a repeat stores nothing) in one
/// transaction and commits; only then does each submitter get its result, so an acknowledged answer is durable and an
/// unacknowledged one (a killed process) is either wholly stored or not at all. If a batch fails, its answers are
/// retried one by one so that one bad row cannot fail the others.
/// </summary>
public sealed class AnswerCommitter : IDisposable
{
    /// <summary>The most answers in one transaction.</summary>
    public const int MaxBatch = 256;

    private readonly IServiceScopeFactory _scopes;
    private readonly WriteGate _gate;
    private readonly ILogger<AnswerCommitter> _logger;
    private readonly ConcurrentQueue<Pending> _pending = new();
    private readonly Func<int> _flush;
    private Writer? _writer; // touched only by flushes, which the gate serialises
    private int _flushQueued;
    private long _answers;
    private long _transactions;
    private int _disposed;

    public AnswerCommitter(IServiceScopeFactory scopes, WriteGate gate, ILogger<AnswerCommitter> logger)
    {
        _scopes = scopes;
        _gate = gate;
        _logger = logger;
        _flush = Flush;
    }

    /// <summary>Answers written so far (stored, or found already answered) and the transactions they took.</summary>
    public (long Answers, long Transactions) Committed => (Interlocked.Read(ref _answers), Interlocked.Read(ref _transactions));

    /// <summary>
    /// Stores the answer unless the attempt is already answered; true when this call stored it. Once queued the write
    /// goes ahead even if the caller gives up, so a client that disconnects never leaves half an answer.
    /// </summary>
    public Task<bool> CommitAsync(AnswerCommit answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        // Submitters resume on the thread pool, never on the writer thread: code after the await (the rest of a request,
        // or a caller's own work) must not hold up the next batch.
        var pending = new Pending(answer, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending.Enqueue(pending);
        ScheduleFlush();
        return pending.Done.Task;
    }

    /// <summary>Commits what is waiting and closes the writer's connection; answers that come later still commit, each on a connection of its own.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_gate.RunOnWriterAsync(_flush).Wait(TimeSpan.FromSeconds(10)))
        {
            _logger.LogWarning("The answers waiting at shutdown were not written within 10 s.");
        }
    }

    // One flush queued at a time; an answer that arrives after a flush has started queues the next one, so none is left behind.
    private void ScheduleFlush()
    {
        if (Interlocked.Exchange(ref _flushQueued, 1) == 0)
        {
            _ = _gate.RunOnWriterAsync(_flush);
        }
    }

    // On the writer thread, gate held: everything waiting (up to MaxBatch) in one transaction.
    private int Flush()
    {
        Volatile.Write(ref _flushQueued, 0);
        var batch = new List<Pending>(Math.Min(_pending.Count, MaxBatch));
        while (batch.Count < MaxBatch && _pending.TryDequeue(out var next))
        {
            batch.Add(next);
        }

        if (batch.Count > 0)
        {
            CommitBatch(batch);
        }

        if (!_pending.IsEmpty)
        {
            ScheduleFlush();
        }

        if (Volatile.Read(ref _disposed) == 1)
        {
            // Shut down: later answers open a connection for their own flush.
            _writer?.Dispose();
            _writer = null;
        }

        return batch.Count;
    }

    private void CommitBatch(List<Pending> batch)
    {
        try
        {
            var stored = Write(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(stored[i]);
            }
        }
        catch (Exception e) when (batch.Count > 1)
        {
            _logger.LogWarning(e, "A batch of {Count} answers failed; committing them one by one.", batch.Count);
            foreach (var pending in batch)
            {
                CommitAlone(pending);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private void CommitAlone(Pending pending)
    {
        try
        {
            pending.Done.TrySetResult(Write([pending])[0]);
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    // The writer keeps one connection and one prepared UPDATE for its lifetime: preparing the statement compiles the
    // progress-summary triggers into it, which cost ~1 ms per answer when EF prepared a fresh statement each time,
    // against ~0.1 ms reused (measured on this machine).
    private bool[] Write(List<Pending> batch)
    {
        var writer = _writer ??= new Writer(_scopes);
        try
        {
            var stored = writer.Write([.. batch.Select(p => p.Answer)]);
            Interlocked.Add(ref _answers, batch.Count);
            Interlocked.Increment(ref _transactions);
            return stored;
        }
        catch
        {
            // Start the next batch on a fresh connection.
            _writer = null;
            writer.Dispose();
            throw;
        }
    }

    /// <summary>The writer's own context, connection and prepared conditional UPDATE (column names from the EF model).</summary>
    private sealed class Writer : IDisposable
    {
        private readonly IServiceScope _scope;
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _update;
        private readonly SqliteParameter[] _values;
        private readonly SqliteParameter _id;

        public Writer(IServiceScopeFactory scopes)
        {
            _scope = scopes.CreateScope();
            var db = _scope.ServiceProvider.GetRequiredService<AppDbContext>();
            try
            {
                var attempt = db.Model.FindEntityType(typeof(Attempt))!;
                var table = StoreObjectIdentifier.Table(attempt.GetTableName()!, attempt.GetSchema());
                string Column(string property) => "\"" + attempt.FindProperty(property)!.GetColumnName(table) + "\"";
                string[] set =
                [
                    nameof(Attempt.Answer), nameof(Attempt.Confidence), nameof(Attempt.AnsweredAt), nameof(Attempt.TimeOnCaseMs),
                    nameof(Attempt.Truth), nameof(Attempt.IsCorrect), nameof(Attempt.ExperienceYears), nameof(Attempt.Band),
                ];
                db.Database.OpenConnection();
                _connection = (SqliteConnection)db.Database.GetDbConnection();
                _update = _connection.CreateCommand();
                _update.CommandText = $"UPDATE \"{table.Name}\" SET {string.Join(", ", set.Select((p, i) => $"{Column(p)} = $v{i}"))} " +
                    $"WHERE {Column(nameof(Attempt.Id))} = $id AND {Column(nameof(Attempt.AnsweredAt))} IS NULL";
                _values = [.. set.Select((_, i) => _update.Parameters.Add($"$v{i}", SqliteType.Integer))];
                _id = _update.Parameters.Add("$id", SqliteType.Integer);
            }
            catch
            {
                _scope.Dispose();
                throw;
            }
        }

        public bool[] Write(IReadOnlyList<AnswerCommit> answers)
        {
            using var transaction = _connection.BeginTransaction();
            _update.Transaction = transaction;
            var stored = new bool[answers.Count];
            for (var i = 0; i < answers.Count; i++)
            {
                var a = answers[i];
                _values[0].Value = (int)a.Answer;
                _values[1].Value = a.Confidence;
                _values[2].Value = a.AnsweredAt; // bound as text in EF Core's own format, "yyyy-MM-dd HH:mm:ss.FFFFFFF"
                _values[3].Value = a.TimeOnCaseMs;
                _values[4].Value = (int)a.Truth;
                _values[5].Value = a.Answer == a.Truth;
                _values[6].Value = a.ExperienceYears;
                _values[7].Value = (int)a.Band;
                _id.Value = a.AttemptId;
                stored[i] = _update.ExecuteNonQuery() == 1;
            }

            transaction.Commit();
            return stored;
        }

        public void Dispose()
        {
            _update.Dispose();
            _scope.Dispose();
        }
    }

    private sealed record Pending(AnswerCommit Answer, TaskCompletionSource<bool> Done);
}
