using System.Text.RegularExpressions;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>
/// An educator authors a case in the browser: metadata, radiograph upload, lesion box drawn with the mouse and nudged
/// with the keyboard, Markdown notes with the live preview, saved as a draft and published; a trainee then gets it
/// in practice.
/// </summary>
public sealed class EducatorJourneyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_Educator_Authors_And_Publishes_A_Case()
    {
        var page = await browser.NewPageAsync();
        var failures = Journey.WatchForErrors(page);
        await browser.App.CreateUserAsync("journey-educator@example.org", 12, Roles.Educator);
        await Journey.SignInAsync(page, "journey-educator@example.org", AppFactory.Password);

        await page.GotoAsync("/educator/cases");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "case list");
        await page.GetByRole(AriaRole.Link, new() { Name = "New case" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/educator/cases/new$"));

        await page.GetByLabel("Id (folder name").FillAsync("journey-case-1");
        await page.GetByLabel("Title (shown after the reveal)").FillAsync("Journey case: distal femoral lysis");
        await page.GetByLabel("Proven diagnosis").SelectOptionAsync(new SelectOptionValue { Label = "Giant cell tumour of bone" });
        await page.GetByLabel("Age (years)").FillAsync("31");
        await page.GetByLabel("Sex", new() { Exact = true }).SelectOptionAsync("Female");
        await page.GetByLabel("Site", new() { Exact = true }).SelectOptionAsync("distal femur");
        await page.GetByLabel("Source").FillAsync("Teaching file, journey test");
        await page.GetByLabel("Licence / terms of use").FillAsync("CC0-1.0");
        await page.GetByLabel("Synthetic image").CheckAsync();
        await page.Locator("#Image").SetInputFilesAsync(Path.Combine(TestFiles.RepositoryRoot, "content", "cases", "phantom-02", "image.png"));
        await Assertions.Expect(page.Locator("#box-image")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('box-image').naturalWidth > 0");

        // Draw the box with the mouse, then move it one step right with the keyboard.
        await page.Locator("#box-image").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => document.getElementById('box-image').scrollIntoView({ block: 'start' })");
        var image = await page.Locator("#box-image").BoundingBoxAsync();
        Assert.NotNull(image);
        await page.Mouse.MoveAsync(image.X + (image.Width * 0.30f), image.Y + (image.Height * 0.10f));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(image.X + (image.Width * 0.55f), image.Y + (image.Height * 0.30f), new() { Steps = 5 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#BoxWidth")).Not.ToHaveValueAsync("");
        var x = int.Parse(await page.Locator("#BoxX").InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("#box-outline").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(page.Locator("#BoxX")).ToHaveValueAsync((x + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        await page.GetByLabel("Markdown").FillAsync("## Findings\n\nGeographic lysis reaching the **subchondral bone**.\n\n<script>alert(1)</script>");
        await Assertions.Expect(page.Locator("#notes-preview strong")).ToHaveTextAsync("subchondral bone");
        Assert.Equal(0, await page.Locator("#notes-preview script").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, "educator-editor");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "case editor");

        await page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/educator/cases/[0-9]+"));
        await Assertions.Expect(page.Locator(".badge.status-draft")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();
        await Assertions.Expect(page.Locator(".badge.status-published")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "educator-published");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "published case");
        Assert.Empty(failures);

        // A trainee then gets the new case in practice (unseen cases come first; at most every published case once).
        var trainee = await browser.NewPageAsync();
        var traineeFailures = Journey.WatchForErrors(trainee);
        await browser.App.CreateUserAsync("journey-educator-trainee@example.org", 2, Roles.Trainee);
        await Journey.SignInAsync(trainee, "journey-educator-trainee@example.org", AppFactory.Password);
        var found = false;
        for (var i = 0; i < 40 && !found; i++)
        {
            await trainee.GotoAsync("/practice/next");
            await trainee.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}$"));
            await trainee.GetByRole(AriaRole.Radio, new() { Name = "Giant cell tumour" }).CheckAsync();
            await trainee.GetByRole(AriaRole.Button, new() { Name = "Commit answer" }).ClickAsync();
            await trainee.WaitForURLAsync(new Regex("/reveal$"));
            found = await trainee.GetByText("Journey case: distal femoral lysis").CountAsync() > 0;
        }

        Assert.True(found, "the trainee never got the newly published case");
        await Assertions.Expect(trainee.Locator(".notes strong", new() { HasText = "subchondral bone" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(trainee, "educator-case-in-practice");
        Assert.Empty(traineeFailures);
    }
}
