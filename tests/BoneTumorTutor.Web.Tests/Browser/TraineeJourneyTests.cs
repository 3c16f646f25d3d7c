using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>
/// A resident's first session in a real browser: registers, practises ten cases (one of them with the keyboard
/// alone), reviews their mistakes and opens their progress. Every key page is checked with axe-core and kept as a screenshot.
/// </summary>
public sealed class TraineeJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_Resident_Registers_Practises_Ten_Cases_And_Reviews_Mistakes()
    {
        var page = await browser.NewPageAsync();
        var failures = Journey.WatchForErrors(page);

        await page.GotoAsync("/account/register");
        await page.GetByLabel("Email").FillAsync("journey-trainee@example.org");
        await page.GetByLabel("Display name").FillAsync("Journey Trainee");
        await page.GetByLabel("Training stage").SelectOptionAsync("Resident");
        await page.GetByLabel("Residency year, or years of MSK reading").FillAsync("3");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("correct-horse-42");
        await page.GetByLabel("Confirm password").FillAsync("correct-horse-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        var mistakes = 0;
        for (var i = 0; i < 10; i++)
        {
            await page.GotoAsync("/practice/next");
            await page.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}$"));
            if (i == 0)
            {
                await Accessibility.AssertNoSeriousViolationsAsync(page, "practice case");
                await AnswerWithKeyboardOnlyAsync(page);
            }
            else
            {
                var sayOs = i % 2 == 0;
                await page.GetByRole(AriaRole.Radio, new() { Name = sayOs ? "Osteosarcoma" : "Giant cell tumour" }).CheckAsync();
                await page.Locator("#confidence").FillAsync(sayOs ? "80" : "30");
                await page.GetByRole(AriaRole.Button, new() { Name = "Commit answer" }).ClickAsync();
            }

            await page.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}/reveal$"));
            if (i == 0)
            {
                await Accessibility.AssertNoSeriousViolationsAsync(page, "reveal");
                await BrowserFixture.ScreenshotAsync(page, "trainee-reveal");
            }

            if (await page.Locator(".reveal-banner.incorrect").CountAsync() == 1)
            {
                mistakes++;
            }
        }

        await page.GotoAsync("/practice/history");
        await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(10);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "history");
        await page.GetByRole(AriaRole.Link, new() { Name = "Mistakes only" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("mistakes=true"));
        if (mistakes == 0)
        {
            await Assertions.Expect(page.GetByText("No mistakes so far.")).ToBeVisibleAsync();
        }
        else
        {
            await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(mistakes);
            await Assertions.Expect(page.Locator("table tbody tr td:last-child")).ToHaveTextAsync(Enumerable.Repeat("Mistake", mistakes).ToArray());
            await BrowserFixture.ScreenshotAsync(page, "trainee-mistakes");
            await page.Locator("table tbody tr a").First.ClickAsync();
            await page.WaitForURLAsync(new Regex("/reveal$"));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Teaching notes" })).ToBeVisibleAsync();
        }

        // Progress: the learning curve is drawn (Chart.js) and has its table.
        await page.GotoAsync("/progress");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your progress" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("canvas.progress-chart").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#curve-table tbody tr").First).ToBeAttachedAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "progress");
        await BrowserFixture.ScreenshotAsync(page, "trainee-progress");

        Assert.Empty(failures);
    }

    /// <summary>Choose, set the probability and commit without the mouse: Tab moves between controls, arrows change them.</summary>
    private static async Task AnswerWithKeyboardOnlyAsync(IPage page)
    {
        await Journey.TabToAsync(page, "input[name=Diagnosis]");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Osteosarcoma" })).ToBeCheckedAsync();
        await Journey.TabToAsync(page, "#confidence");
        var before = int.Parse(await page.Locator("#confidence").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        for (var k = 0; k < 5; k++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
        }

        await Assertions.Expect(page.Locator("#confidence")).ToHaveValueAsync((before + 5).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Journey.TabToAsync(page, "[data-submit]");
        await page.Keyboard.PressAsync("Enter");
    }
}
