using System.Threading.Channels;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Practice;

/// <summary>One unaided answer to store on an open attempt.</summary>
public sealed record AnswerCommit(
    long AttemptId, Diagnosis Answer, int Confidence, DateTime AnsweredAt, int TimeOnCaseMs, Diagnosis Truth, int ExperienceYears, ExperienceBand Band);

/// <summary>
/// Group commit for answers. SQLite has one writer; when many trainees submit at once, committing each answer in
/// its own transaction makes them queue on the <see cref="WriteGate"/>, and under load (measured with
/// <c>bench/load.sh</c>) the wait, not the write, set the answer POST's tail: gate wait p99 ~690 ms against a hold
/// of ~3 ms. Here every answer that is waiting goes into one transaction: a single writer takes what has queued,
/// takes the gate once, applies each conditional update (<c>AnsweredAt IS NULL</c>, so a repeat stores nothing)
/// and commits; only then does each submitter get its result, so an acknowledged answer is durable and an
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
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public AnswerCommitter(IServiceScopeFactory scopes, WriteGate gate, ILogger<AnswerCommitter> logger)
    {
        _scopes = scopes;
        _gate = gate;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Answers written so far (stored, or found already answered) and the transactions they took.</summary>
    public (long Answers, long Transactions) Committed => (Interlocked.Read(ref _answers), Interlocked.Read(ref _transactions));

    private long _answers;
    private long _transactions;

    /// <summary>
    /// Stores the answer unless the attempt is already answered; true when this call stored it. Once queued the write
    /// goes ahead even if the caller gives up, so a client that disconnects never leaves half an answer.
    /// </summary>
    public Task<bool> CommitAsync(AnswerCommit answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var pending = new Pending(answer, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            // Shutting down: the writer is closed, so commit this one directly.
            return CommitOneAsync(answer);
        }

        return pending.Done.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        if (!_loop.Wait(TimeSpan.FromSeconds(10)))
        {
            _logger.LogWarning("The answer writer did not drain within 10 s of shutdown.");
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await CommitBatchAsync(batch);
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            var stored = await WriteAsync(batch.Select(p => p.Answer).ToList(), topUp: batch);
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
                await CommitAloneAsync(pending);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private async Task CommitAloneAsync(Pending pending)
    {
        try
        {
            pending.Done.TrySetResult(await CommitOneAsync(pending.Answer));
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(e);
        }
    }

    private async Task<bool> CommitOneAsync(AnswerCommit answer) => (await WriteAsync([answer], topUp: null))[0];

    // With topUp, answers that queued while this one waited for the gate join the same transaction.
    private async Task<bool[]> WriteAsync(List<AnswerCommit> answers, List<Pending>? topUp)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = await _gate.RunAsync(db, async ct =>
        {
            while (topUp is not null && topUp.Count < MaxBatch && _queue.Reader.TryRead(out var more))
            {
                topUp.Add(more);
                answers.Add(more.Answer);
            }

            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var result = new bool[answers.Count];
            for (var i = 0; i < answers.Count; i++)
            {
                var a = answers[i];
                var rows = await db.Attempts
                    .Where(x => x.Id == a.AttemptId && x.AnsweredAt == null)
                    .ExecuteUpdateAsync(
                        s => s
                            .SetProperty(x => x.Answer, a.Answer)
                            .SetProperty(x => x.Confidence, a.Confidence)
                            .SetProperty(x => x.AnsweredAt, a.AnsweredAt)
                            .SetProperty(x => x.TimeOnCaseMs, a.TimeOnCaseMs)
                            .SetProperty(x => x.Truth, a.Truth)
                            .SetProperty(x => x.IsCorrect, a.Answer == a.Truth)
                            .SetProperty(x => x.ExperienceYears, a.ExperienceYears)
                            .SetProperty(x => x.Band, a.Band),
                        ct);
                result[i] = rows == 1;
            }

            await transaction.CommitAsync(ct);
            return result;
        });
        Interlocked.Add(ref _answers, answers.Count);
        Interlocked.Increment(ref _transactions);
        return stored;
    }

    private sealed record Pending(AnswerCommit Answer, TaskCompletionSource<bool> Done);
}
