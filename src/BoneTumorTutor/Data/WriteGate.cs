using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Data;

/// <summary>
/// Serialises the app's writes on SQLite: one writer at a time. SQLite allows a single writer; without the gate,
/// colliding writers spin on SQLITE_BUSY until the command timeout and the tail latency of an answer POST reaches
/// seconds. On other providers the gate does nothing.
/// <para>
/// Writes run one after another on a dedicated writer thread, not on the caller's. With a lock that callers await,
/// the lock passes to the next waiter at release, and that waiter then sits in the thread pool's queue, holding the
/// lock, until a thread is free to resume it: under <c>bench/load.sh</c> the answer writer waited up to ~50 ms (p99)
/// for opening attempts that held the lock that way. On the writer thread the lock is held only while a write runs.
/// </para>
/// </summary>
public sealed class WriteGate : IDisposable
{
    // Held by whoever writes: the writer thread around each queued write, or the thread pool for writes after shutdown.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly BlockingCollection<IQueuedWrite> _queue = [];
    private readonly Lock _start = new();
    private Thread? _writer;
    private int _disposed;

    /// <summary>
    /// Runs one write (a SaveChanges or ExecuteUpdate) on the writer thread when the database is SQLite. The write runs
    /// synchronously there (SQLite's async calls complete synchronously). A caller that gives up before its write
    /// starts gets a cancelled task and nothing is written; once started, a write finishes even if the caller has gone,
    /// so an acknowledged answer is never half-applied and an unacknowledged one is either fully stored or not at all.
    /// </summary>
    public Task<T> RunAsync<T>(DbContext db, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(write);
        return db.Database.IsSqlite()
            ? RunOnWriterAsync(() => write(CancellationToken.None).GetAwaiter().GetResult(), cancellationToken)
            : write(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="write"/> on the writer thread with the gate held; the task completes on the thread pool.
    /// After <see cref="Dispose"/> it runs on the thread pool under the gate instead.
    /// </summary>
    public Task<T> RunOnWriterAsync<T>(Func<T> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (Volatile.Read(ref _disposed) == 0 && StartWriter())
        {
            var item = new QueuedWrite<T>(write, cancellationToken).ArmCancellation();
            if (TryQueue(item))
            {
                return item.Task;
            }

            item.Abandon();
        }

        return Task.Run(() => Run(write), cancellationToken);
    }

    private bool TryQueue(IQueuedWrite item)
    {
        try
        {
            return _queue.TryAdd(item);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            return false; // shutting down: the queue no longer takes writes
        }
    }

    private T Run<T>(Func<T> write)
    {
        _gate.Wait();
        try
        {
            return write();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Lets the writer finish what is queued (up to 10 s); later writes run on the caller's side under the gate.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // No writer starts after this (StartWriter checks under its lock); the one that did is joined outside the lock.
        _queue.CompleteAdding();
        Thread? writer;
        lock (_start)
        {
            writer = _writer;
        }

        writer?.Join(TimeSpan.FromSeconds(10));
    }

    // The thread starts with the first queued write, so a gate that is never used (other providers, tests) costs none.
    private bool StartWriter()
    {
        if (Volatile.Read(ref _writer) is not null)
        {
            return true;
        }

        lock (_start)
        {
            if (_writer is null && !_queue.IsAddingCompleted)
            {
                var thread = new Thread(WriteLoop) { IsBackground = true, Name = "BoneTumorTutor SQLite writer" };
                thread.Start();
                Volatile.Write(ref _writer, thread);
            }

            return _writer is not null;
        }
    }

    private void WriteLoop()
    {
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            item.Execute(_gate);
        }
    }

    private interface IQueuedWrite
    {
        void Execute(SemaphoreSlim gate);
    }

    private sealed class QueuedWrite<T>(Func<T> write, CancellationToken cancellationToken) : IQueuedWrite
    {
        private const int Queued = 0, Started = 1, Cancelled = 2;

        // Callers resume on the thread pool, never on the writer thread, so the rest of a request cannot hold up the next write.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The caller's ambient state (logging scopes, activities) flows to the write as it would across an await.
        private readonly ExecutionContext? _context = ExecutionContext.Capture();
        private CancellationTokenRegistration _registration;
        private int _state;

        public Task<T> Task => _done.Task;

        // Armed before the item is queued: a caller that is already cancelled gets a cancelled task and nothing runs.
        public QueuedWrite<T> ArmCancellation()
        {
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static s => ((QueuedWrite<T>)s!).Cancel(), this);
            }

            return this;
        }

        public void Abandon() => _registration.Dispose();

        private void Cancel()
        {
            if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
            {
                _done.TrySetCanceled(cancellationToken);
            }
        }

        public void Execute(SemaphoreSlim gate)
        {
            if (Interlocked.CompareExchange(ref _state, Started, Queued) != Queued)
            {
                return;
            }

            _registration.Dispose();
            T result;
            gate.Wait();
            try
            {
                result = Invoke();
            }
            catch (Exception e)
            {
                _done.TrySetException(e);
                return;
            }
            finally
            {
                gate.Release();
            }

            _done.TrySetResult(result);
        }

        private T Invoke()
        {
            if (_context is null)
            {
                return write();
            }

            var box = new StrongBox<T>();
            ExecutionContext.Run(_context, static s => { var (w, b) = ((Func<T>, StrongBox<T>))s!; b.Value = w(); }, (write, box));
            return box.Value!;
        }
    }
}
