using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Data;

/// <summary>Bringing a database up to date, shared by the web app's start and the CLI.</summary>
public static class Database
{
    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers never wait for the writer.</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.MigrateAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
