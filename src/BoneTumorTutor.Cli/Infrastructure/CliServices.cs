using System.CommandLine;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Content;
using BoneTumorTutor.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Cli;

/// <summary>Options every database command takes, and the services they run on.</summary>
internal static class CliServices
{
    public static readonly Option<string?> DataOption = new("--data")
    {
        Description = "Data folder holding bonetumortutor.db (default: data/ in the checkout, as the web app uses).",
    };

    public static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "SQLite connection string; overrides --data.",
    };

    public static readonly Option<string?> ContentOption = new("--content")
    {
        Description = "Content folder holding cases/ (default: content/ in the checkout).",
    };

    public static AppPaths Paths(ParseResult result) =>
        AppPaths.Resolve(Directory.GetCurrentDirectory(), result.GetValue(DataOption), result.GetValue(ContentOption));

    /// <summary>The app's database (migrated) with Identity and logging to stderr.</summary>
    public static async Task<ServiceProvider> OpenAsync(ParseResult result, CancellationToken cancellationToken, Action<IServiceCollection>? configure = null)
    {
        var paths = Paths(result);
        Directory.CreateDirectory(paths.DataDirectory);
        var connection = result.GetValue(ConnectionOption) ?? paths.DefaultConnectionString;
        var services = new ServiceCollection()
            .AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("BoneTumorTutor", LogLevel.Information))
            .AddSingleton(paths)
            .AddSingleton(TimeProvider.System)
            .AddDbContext<AppDbContext>(o => o.UseSqlite(connection).AddInterceptors(new SqlitePragmas()))
            .AddScoped<ContentSync>()
            .AddScoped<CaseExport>()
            .AddScoped<BoneTumorTutor.Importing.CaseImporter>();
        services.AddIdentityCore<AppUser>().AddRoles<IdentityRole>().AddEntityFrameworkStores<AppDbContext>();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        await Database.MigrateAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken);
        return provider;
    }
}
