using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

public sealed class PracticeBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_Trainee_Registers_And_Practises_A_Case_In_A_Real_Browser()
    {
        var page = await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                consoleErrors.Add($"{response.Status} {response.Url}");
            }
        };

        await page.GotoAsync("/");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "home");
        await page.GotoAsync("/account/login");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "login");
        await page.GotoAsync("/account/register");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "register");
        await page.GetByLabel("Email").FillAsync("browser-trainee@example.org");
        await page.GetByLabel("Display name").FillAsync("Browser Trainee");
        await page.GetByLabel("Training stage").SelectOptionAsync("Resident");
        await page.GetByLabel("Residency year, or years of MSK reading").FillAsync("2");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("correct-horse-42");
        await page.GetByLabel("Confirm password").FillAsync("correct-horse-42");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Practise a case" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}$"));
        var viewer = page.Locator(".viewer-stage");
        await Assertions.Expect(page.Locator("[data-viewer-image]")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "practice case");

        // The viewer answers the keyboard: zoom, invert, brighten, reset.
        await viewer.FocusAsync();
        await page.Keyboard.PressAsync("+");
        await page.Keyboard.PressAsync("i");
        await page.Keyboard.PressAsync("b");
        await Assertions.Expect(page.Locator("[data-viewer-canvas]")).ToHaveAttributeAsync("style", new Regex("scale\\(1\\.25\\)"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Invert" })).ToHaveAttributeAsync("aria-pressed", "true");
        await BrowserFixture.ScreenshotAsync(page, "practice-case");
        await page.Keyboard.PressAsync("r");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Invert" })).ToHaveAttributeAsync("aria-pressed", "false");

        // Moving the slider above 50 picks osteosarcoma; choosing GCT then pulls it below 50.
        await page.Locator("#confidence").FillAsync("70");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Osteosarcoma" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Giant cell tumour" }).CheckAsync();
        await Assertions.Expect(page.Locator("[data-confidence-output]")).ToHaveTextAsync("25");
        await page.Locator("#confidence").FillAsync("20");
        await Assertions.Expect(page.Locator("[data-confidence-output]")).ToHaveTextAsync("20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Commit answer" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/practice/[0-9a-f-]{36}/reveal$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Teaching notes" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".reveal-banner")).ToContainTextAsync("You answered Giant cell tumour of bone with a 20% probability of osteosarcoma");
        await Assertions.Expect(page.Locator("[data-layer=box] rect")).ToBeAttachedAsync();
        await BrowserFixture.ScreenshotAsync(page, "practice-reveal");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "reveal");

        await page.GetByRole(AriaRole.Link, new() { Name = "History" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "practice-history");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "history");
        await page.GotoAsync("/account/profile");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "profile");

        Assert.Empty(consoleErrors);
    }
}
