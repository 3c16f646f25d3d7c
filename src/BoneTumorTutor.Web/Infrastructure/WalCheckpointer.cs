using BoneTumorTutor.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Infrastructure;

/// <summary>
/// Checkpoints SQLite's write-ahead log from a connection of its own, once a second, so that no request pays for it.
/// By default SQLite checkpoints inside the commit that takes the log past 1,000 pages; with answers committed
/// several times a second that put a checkpoint, with its fsyncs, in front of the trainees waiting on the writer
/// (<see cref="WriteGate"/>). A PASSIVE checkpoint takes no writer lock, so writes go on while it copies; the web
/// app's connections turn automatic checkpoints off (<see cref="SqlitePragmas"/>). Other processes (the CLI) keep
/// SQLite's default.
/// </summary>
public sealed class WalCheckpointer(IServiceScopeFactory scopes, ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        string? connectionString;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            connectionString = db.Database.IsSqlite() ? db.Database.GetConnectionString() : null;
        }

        if (connectionString is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA busy_timeout=5000;";
                await command.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await using var reader = await command.ExecuteReaderAsync(stoppingToken).ConfigureAwait(false);
                if (await reader.ReadAsync(stoppingToken).ConfigureAwait(false))
                {
                    logger.LogDebug("WAL checkpoint: {Checkpointed} of {Frames} frames", reader.GetInt64(2), reader.GetInt64(1));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed checkpoint loses nothing (the log keeps every commit); the next tick tries again.
                logger.LogWarning(e, "WAL checkpoint failed; retrying in {Interval}.", Interval);
            }
        }
    }
}
