using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Data;

/// <summary>
/// Serialises the app's hot-path writes on SQLite: one writer at a time, the rest wait in an in-process FIFO
/// queue. SQLite allows a single writer; without the gate, colliding writers spin on SQLITE_BUSY until the command
/// timeout and the tail latency of an answer POST reaches seconds. On other providers the gate does nothing.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs one write (a SaveChanges or ExecuteUpdate) while holding the gate when the database is SQLite.</summary>
    public async Task<T> RunAsync<T>(DbContext db, Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(write);
        if (!db.Database.IsSqlite())
        {
            return await write(cancellationToken);
        }

        // Once a write has started it finishes even if the client goes away, so an acknowledged answer is never
        // half-applied and an unacknowledged one is either fully stored or not at all.
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await write(CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Runs one synchronous write while holding the gate (SQLite). For a dedicated writer thread: a synchronous waiter
    /// is woken directly by the release, ahead of asynchronous waiters, and never waits in the thread pool's queue.
    /// </summary>
    public T Run<T>(DbContext db, Func<T> write)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(write);
        if (!db.Database.IsSqlite())
        {
            return write();
        }

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
}
