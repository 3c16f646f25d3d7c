using System.Text.RegularExpressions;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>A trainee answers a case, follows the reveal's link to the feature map and finds that case highlighted.</summary>
public sealed class FeatureMapBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_Trainee_Opens_The_Feature_Map_From_A_Reveal_And_Sees_The_Case_Highlighted()
    {
        var page = await browser.NewPageAsync();
        var failures = Journey.WatchForErrors(page);
        await browser.App.Services.GetRequiredService<PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        await browser.App.CreateUserAsync("map-browser@example.org", 2, Roles.Trainee);
        await Journey.SignInAsync(page, "map-browser@example.org", AppFactory.Password);

        await page.GotoAsync("/practice/next");
        await page.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}$"));
        await page.GetByRole(AriaRole.Radio, new() { Name = "Osteosarcoma" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit answer" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}/reveal$"));
        var title = (await page.Locator(".practice-panel h2").First.TextContentAsync())!.Trim();

        await page.Locator("[data-feature-map-link]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/featuremap\\?case=\\d+$"));
        var map = page.Locator("canvas[data-feature-map]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-ready", "true");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(page.Locator("[data-feature-map-highlight]")).ToContainTextAsync(title);
        await page.GetByText("The map as a table").ClickAsync();
        await Assertions.Expect(page.Locator("tr.feature-map-current")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tr.feature-map-current")).ToContainTextAsync(title);
        await BrowserFixture.ScreenshotAsync(page, "feature-map");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "feature map");
        Assert.Empty(failures);
    }
}
