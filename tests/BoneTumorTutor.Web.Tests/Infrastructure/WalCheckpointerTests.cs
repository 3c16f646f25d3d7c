using BoneTumorTutor.Data;
using BoneTumorTutor.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneTumorTutor.Web.Tests.Infrastructure;

/// <summary>The web app's connections leave WAL checkpoints to the background checkpointer, which does them.</summary>
public sealed class WalCheckpointerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("btt-wal-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Commits_Do_Not_Checkpoint_And_The_Checkpointer_Copies_The_Log_Into_The_Database_File()
    {
        var file = Path.Combine(_directory, "wal.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();
        using var services = new ServiceCollection()
            .AddDbContext<AppDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas(checkpointElsewhere: true)))
            .BuildServiceProvider();
        var ct = TestContext.Current.CancellationToken;

        // A writer of the app's kind, kept open so that closing it cannot checkpoint: 4 MB of log per round, well past
        // SQLite's automatic threshold of 1,000 pages.
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; CREATE TABLE t (v BLOB);", ct);
        async Task WriteAsync()
        {
            for (var i = 0; i < 1000; i++)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO t VALUES (randomblob(4000))", ct);
            }
        }

        async Task<long> FileGrowsToAsync(long bytes)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (new FileInfo(file).Length < bytes && waited.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100, ct);
            }

            return new FileInfo(file).Length;
        }

        await WriteAsync();
        Assert.True(new FileInfo(file).Length < 100_000, $"the database file already holds {new FileInfo(file).Length} bytes: a commit checkpointed");

        var checkpointer = new WalCheckpointer(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<WalCheckpointer>.Instance);
        await checkpointer.StartAsync(ct);
        try
        {
            var first = await FileGrowsToAsync(4_000_000);
            Assert.True(first >= 4_000_000, $"the database file holds {first} bytes after the checkpointer ran");

            // It keeps going: the next round of commits reaches the file too.
            await WriteAsync();
            var second = await FileGrowsToAsync(8_000_000);
            Assert.True(second >= 8_000_000, $"the database file holds {second} bytes after a second round");
        }
        finally
        {
            await checkpointer.StopAsync(CancellationToken.None);
        }

        Assert.Equal(2000L, await db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM t").SingleAsync(ct));
    }
}
