using System.Text.RegularExpressions;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>
/// A program director creates a small reader study for one resident, sees it, closes it and opens its results;
/// every key page is checked with axe-core and kept as a screenshot.
/// </summary>
public sealed class DirectorJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_Director_Creates_And_Closes_A_Small_Reader_Study()
    {
        var page = await browser.NewPageAsync();
        var failures = Journey.WatchForErrors(page);
        var reader = await browser.App.CreateUserAsync("journey-reader@example.org", 2, Roles.Trainee);
        await browser.App.CreateUserAsync("journey-director@example.org", 15, Roles.Director);
        await Journey.SignInAsync(page, "journey-director@example.org", AppFactory.Password);

        await page.GotoAsync("/studies");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "studies");
        await page.GetByRole(AriaRole.Link, new() { Name = "New study" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/studies/new$"));
        await page.GetByLabel("Name").FillAsync("Journey study: knee lysis");
        await page.GetByLabel("Instructions to readers (Markdown)").FillAsync("Rate each case **0–100** for osteosarcoma.");
        await page.GetByLabel("Deadline (UTC)").FillAsync(DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Unaided only").CheckAsync();
        await page.GetByLabel("Chosen at random by filters").CheckAsync();
        await page.GetByLabel("Number of cases").FillAsync("4");
        await page.GetByLabel("Include synthetic teaching phantoms").CheckAsync();
        await page.Locator($"#reader-{reader.Id}").CheckAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "new study");
        await BrowserFixture.ScreenshotAsync(page, "director-new-study");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create study" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/studies/[0-9]+([?#].*)?$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Journey study: knee lysis" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Case set (4:")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table").First.Locator("tbody tr")).ToHaveCountAsync(1);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "study details");
        await BrowserFixture.ScreenshotAsync(page, "director-study");

        await page.GetByRole(AriaRole.Button, new() { Name = "Close study now" }).ClickAsync();
        await Assertions.Expect(page.GetByText(new Regex("^Closed "))).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Results" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/studies/[0-9]+/results([?#].*)?$"));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "study results");
        await BrowserFixture.ScreenshotAsync(page, "director-study-results");

        Assert.Empty(failures);
    }
}
