using System.Text.RegularExpressions;
using BoneTumorTutor.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>
/// A resident's first session in a real browser: registers, practises ten cases (one of them with the keyboard
/// alone, three of them with an AI-aided second read after the model's output), reviews their mistakes and opens
/// their progress. Every key page is checked with axe-core and kept as a screenshot.
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

        // The model's readings of the demo cases are computed in the background at start; the aided step needs them.
        await browser.App.Services.GetRequiredService<PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

        var mistakes = 0;
        var aided = 0;
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

            if (i is 2 or 5 or 8)
            {
                aided += await GiveAidedReadAsync(page, checkAccessibility: aided == 0) ? 1 : 0;
            }
        }

        Assert.True(aided > 0, "no reveal offered a second read with the model");

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
        await Assertions.Expect(page.Locator("#aided-heading + dl dd").First).ToHaveTextAsync(aided.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "progress");
        await BrowserFixture.ScreenshotAsync(page, "trainee-progress");

        Assert.Empty(failures);
    }

    /// <summary>
    /// On a reveal with model output: give the second read the other way from the first (so it counts as a switch) and
    /// check the reveal then shows both reads. False when the case had no model output (no form).
    /// </summary>
    private static async Task<bool> GiveAidedReadAsync(IPage page, bool checkAccessibility)
    {
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Commit second read" });
        if (await submit.CountAsync() == 0)
        {
            return false;
        }

        if (checkAccessibility)
        {
            await Accessibility.AssertNoSeriousViolationsAsync(page, "reveal with the aided form");
        }

        var form = page.Locator("form[action$='/aided']");
        var firstWasOs = await form.GetByRole(AriaRole.Radio, new() { Name = "Osteosarcoma" }).IsCheckedAsync();
        await form.GetByRole(AriaRole.Radio, new() { Name = firstWasOs ? "Giant cell tumour" : "Osteosarcoma" }).CheckAsync();
        await form.Locator("#aided-confidence").FillAsync(firstWasOs ? "35" : "65");
        await submit.ClickAsync();
        await page.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}/reveal$"));
        await Assertions.Expect(page.Locator("[data-aided-switched]")).ToHaveTextAsync("You switched after seeing the model.");
        await Assertions.Expect(page.Locator("[data-aided-answer]")).ToContainTextAsync(firstWasOs ? "at 35%" : "at 65%");
        if (checkAccessibility)
        {
            await Accessibility.AssertNoSeriousViolationsAsync(page, "reveal after the aided read");
            await BrowserFixture.ScreenshotAsync(page, "trainee-reveal-aided");
        }

        return true;
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
