using BoneTumorTutor.Accounts;
using BoneTumorTutor.Data;
using BoneTumorTutor.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Web.Tests.Infrastructure;

/// <summary>
/// The app on a fresh SQLite file in a temp data folder. Content comes from the repository's demo content unless a
/// test gives its own folder. Each fixture instance is its own database.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string Password = "correct-horse-42";

    public string DataDirectory { get; } = TestFiles.CreateTempDirectory("btt-data");

    public virtual string ContentDirectory => Path.Combine(TestFiles.RepositoryRoot, "content");

    protected virtual IReadOnlyDictionary<string, int> RateLimits { get; } = new Dictionary<string, int>
    {
        ["LoginPerMinute"] = 100_000,
        ["RegisterPerMinute"] = 100_000,
        ["AnswersPerMinute"] = 100_000,
        ["UploadsPerMinute"] = 100_000,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Content:Directory", ContentDirectory);
        // Tests sign in and answer far faster than people; the limits themselves are tested with low values.
        foreach (var (key, value) in RateLimits)
        {
            builder.UseSetting($"RateLimits:{key}", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
    }

    public HttpClient CreateBrowserLikeClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Runs code against the app's database in its own scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Creates an account with the given roles directly (tests of other roles need no admin clicks).</summary>
    public async Task<AppUser> CreateUserAsync(string email, int years = 3, params string[] roles)
    {
        using var scope = Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = email.Split('@')[0],
            TrainingStage = TrainingStage.Radiologist,
            TrainingStageValue = years,
            ExperienceYears = years,
        };
        var result = await users.CreateAsync(user, Password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
        if (roles.Length > 0)
        {
            await users.AddToRolesAsync(user, roles);
        }

        return user;
    }

    /// <summary>A signed-in client for an account made with <see cref="CreateUserAsync"/>.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email, int years = 3, params string[] roles)
    {
        await CreateUserAsync(email, years, roles);
        var client = CreateBrowserLikeClient();
        var response = await client.PostFormAsync("/account/login", new() { ["Email"] = email, ["Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }
}

/// <summary>An app whose content folder is a temp folder the test fills.</summary>
public class CustomContentAppFactory : AppFactory
{
    private readonly string _content = CreateContent();

    public override string ContentDirectory => _content;

    /// <summary>Four small cases, two of each diagnosis, each with a canary phrase in its notes.</summary>
    private static string CreateContent()
    {
        var content = TestFiles.CreateTempDirectory("btt-content");
        TestFiles.WriteCase(content, "alpha", "osteosarcoma", "## Findings\nCANARY-ALPHA-NOTES permeative lysis.", age: 14, seed: 1);
        TestFiles.WriteCase(content, "bravo", "giant-cell-tumor", "## Findings\nCANARY-BRAVO-NOTES geographic lysis.", age: 31, seed: 2);
        TestFiles.WriteCase(content, "charlie", "osteosarcoma", "## Findings\nCANARY-CHARLIE-NOTES sunburst.", age: 16, seed: 3);
        TestFiles.WriteCase(content, "delta", "giant-cell-tumor", "## Findings\nCANARY-DELTA-NOTES subarticular.", age: 28, seed: 4);
        return content;
    }

    public void AddCase(string id, string diagnosis, string notes, int seed) =>
        TestFiles.WriteCase(_content, id, diagnosis, notes, seed: seed);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_content, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
