using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BoneTumorTutor.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode, synchronous=NORMAL commits without an fsync per transaction:
/// a committed transaction survives a killed process (it is in the WAL file), and only a power cut can lose the
/// last few — the trade SQLite's documentation recommends for WAL. busy_timeout covers writers outside the
/// in-process <see cref="WriteGate"/> (the CLI, a second process). With <paramref name="checkpointElsewhere"/> the
/// connection never checkpoints the write-ahead log itself: the process runs checkpoints on a connection of its own,
/// so that a commit never pays for one.
/// </summary>
public sealed class SqlitePragmas(bool checkpointElsewhere = false) : DbConnectionInterceptor
{
    private readonly string _pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;" + (checkpointElsewhere ? " PRAGMA wal_autocheckpoint=0;" : "");

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is SqliteConnection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
        }
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
