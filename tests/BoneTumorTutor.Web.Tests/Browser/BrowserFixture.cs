using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>
/// The app on a real Kestrel port and Debian's Chromium driven by Playwright. Where Chromium is missing the tests
/// skip with the reason — except in CI (CI=true), where a missing browser is a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public AppFactory App { get; } = new();

    public IBrowser? Browser { get; private set; }

    public string BaseUrl { get; private set; } = "";

    public string? SkipReason { get; private set; }

    /// <summary>Where screenshots go: artifacts/screenshots in the checkout (git-ignored; CI keeps it).</summary>
    public static string ScreenshotDirectory { get; } = Directory.CreateDirectory(Path.Combine(TestFiles.RepositoryRoot, "artifacts", "screenshots")).FullName;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium).";
            if (TestFiles.IsCi)
            {
                throw new InvalidOperationException("CI=true but " + SkipReason);
            }

            return;
        }

        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal);
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync()
    {
        Assert.SkipWhen(SkipReason is not null, SkipReason ?? "");
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        // Generous waits: in CI the browser shares two cores with the rest of the suite running in parallel.
        page.SetDefaultTimeout(45_000);
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
}
