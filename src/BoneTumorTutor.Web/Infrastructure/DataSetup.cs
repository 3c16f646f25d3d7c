using BoneTumorTutor.Accounts;
using BoneTumorTutor.Content;
using BoneTumorTutor.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Infrastructure;

/// <summary>Options for what happens at start (configuration section "Startup").</summary>
public sealed class StartupOptions
{
    public const string Section = "Startup";

    /// <summary>Sync content/ into the database at start (default true).</summary>
    public bool SyncContent { get; set; } = true;
}

public static class DataSetup
{
    /// <summary>SQLite by default: a file under the data folder, created and migrated at start.</summary>
    public static IServiceCollection AddAppData(this IServiceCollection services, IConfiguration configuration, AppPaths paths)
    {
        var connectionString = configuration.GetConnectionString("Default") ?? paths.DefaultConnectionString;
        // WAL checkpoints run in the background (WalCheckpointer), never inside a request's commit.
        services.AddDbContext<AppDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas(checkpointElsewhere: true)));
        services.AddHostedService<WalCheckpointer>();
        services.AddDataProtection()
            .SetApplicationName("BoneTumorTutor")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.DataDirectory, "keys")));
        services.AddOptions<StartupOptions>().BindConfiguration(StartupOptions.Section);
        services.AddScoped<ContentSync>();
        return services;
    }

    /// <summary>Creates the data folder, migrates the database, makes sure the roles exist and syncs content.</summary>
    public static async Task InitialiseDataAsync(this WebApplication app)
    {
        var paths = app.Services.GetRequiredService<AppPaths>();
        Directory.CreateDirectory(paths.DataDirectory);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await Database.MigrateAsync(db);

        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        if (scope.ServiceProvider.GetRequiredService<IOptions<StartupOptions>>().Value.SyncContent)
        {
            var report = await scope.ServiceProvider.GetRequiredService<ContentSync>().SyncAsync(paths.ContentDirectory);
            foreach (var problem in report.Problems)
            {
                app.Logger.LogWarning("Content: {Problem}", problem);
            }
        }
    }
}
