using System.Threading.Channels;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Inference;

/// <summary>Where the prediction job stands, for the admin and educator pages.</summary>
public sealed record PredictionProgress(bool Busy, int Pending, int ComputedSinceStart, int FailedSinceStart, string? LastProblem);

/// <summary>
/// The job's latest run (from the moment it got work while idle until the queue drained): cases to read, read so far
/// (computed or found already done), failed, and when it started and finished; null times before any run.
/// </summary>
public sealed record PredictionRun(bool Busy, int Total, int Done, int Failed, DateTime? StartedAt, DateTime? FinishedAt, string? LastProblem)
{
    /// <summary>Cases read per second over the run so far (or the whole run once finished).</summary>
    public double RatePerSecond(DateTime now)
    {
        if (StartedAt is not { } start)
        {
            return 0;
        }

        var seconds = ((FinishedAt ?? now) - start).TotalSeconds;
        return seconds > 0 ? Done / seconds : 0;
    }
}

/// <summary>
/// The background job that keeps <see cref="CasePrediction"/> up to date: told when cases change (it is an
/// <see cref="ICaseChangeListener"/>) and when a model is activated, it computes the active model's readings of
/// published cases that are missing or stale. Page views only read the cached rows. Host it by calling
/// <see cref="RunAsync"/> from a background service.
/// </summary>
public sealed class PredictionQueue : ICaseChangeListener
{
    private readonly Channel<int[]?> _work = Channel.CreateUnbounded<int[]?>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IServiceScopeFactory _scopes;
    private readonly ModelHost _models;
    private readonly TimeProvider _clock;
    private readonly ILogger<PredictionQueue> _logger;
    private readonly Lock _idleLock = new();
    private int _pending;
    private int _computed;
    private int _failed;
    private string? _lastProblem;
    private int _runTotal;
    private int _runDone;
    private int _runFailed;
    private DateTime? _runStarted;
    private DateTime? _runFinished;
    private string? _runProblem;
    private TaskCompletionSource _idle = NewIdle(completed: true);

    public PredictionQueue(IServiceScopeFactory scopes, ModelHost models, TimeProvider clock, ILogger<PredictionQueue> logger)
    {
        _scopes = scopes;
        _models = models;
        _clock = clock;
        _logger = logger;
        _models.Activated += _ => EnqueueAllMissing();
    }

    public PredictionProgress Progress => new(Volatile.Read(ref _pending) > 0, Volatile.Read(ref _pending), _computed, _failed, _lastProblem);

    /// <summary>The latest run's progress, for the admin page's progress bar.</summary>
    public PredictionRun Run
    {
        get
        {
            lock (_idleLock)
            {
                return new(_pending > 0, _runTotal, _runDone, _runFailed, _runStarted, _runFinished, _runProblem);
            }
        }
    }

    /// <summary>Queues the active model's readings of every published case that lacks a current one.</summary>
    public void EnqueueAllMissing() => Enqueue(null);

    public Task CasesChangedAsync(IReadOnlyCollection<int> caseIds, CancellationToken cancellationToken)
    {
        if (caseIds.Count > 0)
        {
            Enqueue([.. caseIds]);
        }

        return Task.CompletedTask;
    }

    /// <summary>Completes when everything queued so far has been processed (tests wait on this).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_idleLock)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private void Enqueue(int[]? caseIds)
    {
        lock (_idleLock)
        {
            if (_pending++ == 0)
            {
                _idle = NewIdle(completed: false);
                (_runTotal, _runDone, _runFailed, _runProblem) = (0, 0, 0, null);
                (_runStarted, _runFinished) = (_clock.GetUtcNow().UtcDateTime, null);
            }
        }

        _work.Writer.TryWrite(caseIds);
    }

    private void Done()
    {
        lock (_idleLock)
        {
            if (--_pending == 0)
            {
                _runFinished = _clock.GetUtcNow().UtcDateTime;
                _idle.TrySetResult();
            }
        }
    }

    private void RunCounted(int total = 0, int done = 0, int failed = 0, string? problem = null)
    {
        lock (_idleLock)
        {
            _runTotal += total;
            _runDone += done;
            _runFailed += failed;
            _runProblem = problem ?? _runProblem;
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            tcs.SetResult();
        }

        return tcs;
    }

    /// <summary>The job's loop; runs until <paramref name="stoppingToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in _work.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await ProcessAsync(item, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or IOException or ModelRejectedException)
            {
                _lastProblem = ex.Message;
                RunCounted(problem: ex.Message);
                _logger.LogError(ex, "Predictions could not be brought up to date.");
            }
            finally
            {
                Done();
            }
        }
    }

    private async Task ProcessAsync(int[]? caseIds, CancellationToken cancellationToken)
    {
        using var scope = _scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var writes = scope.ServiceProvider.GetRequiredService<WriteGate>();

        var query = db.Cases.Where(c => c.ImageId != null);
        if (caseIds is not null)
        {
            query = query.Where(c => caseIds.Contains(c.Id));
        }

        var cases = await query
            .Select(c => new { c.Id, c.Status, c.LesionBox, c.Age, c.Sex, c.Site, ImageSha = c.Image!.Sha256 })
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        // Readings computed from an older image, box or clinical data are wrong for every model: drop them. A reading
        // without an input hash cannot be shown to match the case as it is now, so it goes too and is recomputed.
        foreach (var c in cases)
        {
            var hash = CaseForReading.Hash(c.ImageSha, c.LesionBox, c.Age, c.Sex, c.Site);
            await writes.RunAsync(
                db, ct => db.CasePredictions.Where(p => p.CaseId == c.Id && p.InputHash != hash).ExecuteDeleteAsync(ct), cancellationToken);
        }

        var active = _models.Current;
        if (active is null)
        {
            return;
        }

        var have = await db.CasePredictions
            .Where(p => p.ModelSha256 == active.Sha256)
            .Select(p => p.CaseId)
            .ToHashSetAsync(cancellationToken);
        var todo = cases.Where(c => c.Status == CaseStatus.Published && c.LesionBox is not null && !have.Contains(c.Id)).Select(c => c.Id).ToList();
        RunCounted(total: todo.Count);
        foreach (var caseId in todo)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var c = await db.Cases
                .Where(x => x.Id == caseId)
                .Select(x => new { x.Id, x.LesionBox, x.Age, x.Sex, x.Site, x.Image!.OriginalBytes, x.Image.Sha256 })
                .AsNoTracking()
                .FirstOrDefaultAsync(cancellationToken);
            if (c is null)
            {
                RunCounted(done: 1);
                continue;
            }

            CasePrediction? prediction;
            try
            {
                var input = new CaseForReading(c.Id, c.OriginalBytes, c.Sha256, c.LesionBox, c.Age, c.Sex, c.Site);
                prediction = _models.Use(m => m.Sha256 == active.Sha256 ? CaseReader.Read(m, input, _clock.GetUtcNow().UtcDateTime) : null);
            }
            catch (Exception ex) when (ex is SixLabors.ImageSharp.ImageFormatException or InvalidOperationException or ModelRejectedException
                                           or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or ArgumentException)
            {
                Interlocked.Increment(ref _failed);
                _lastProblem = $"Case {c.Id}: {ex.Message}";
                RunCounted(failed: 1, problem: _lastProblem);
                _logger.LogWarning(ex, "The model could not read case {CaseId}.", c.Id);
                continue;
            }

            if (prediction is null)
            {
                RunCounted(done: 1);
                continue;
            }

            db.CasePredictions.Add(prediction);
            try
            {
                await writes.RunAsync(db, db.SaveChangesAsync, cancellationToken);
                Interlocked.Increment(ref _computed);
            }
            catch (DbUpdateException)
            {
                // Computed twice (a change and an activation raced): the first row stays.
            }
            finally
            {
                db.ChangeTracker.Clear();
                RunCounted(done: 1);
            }
        }
    }
}
