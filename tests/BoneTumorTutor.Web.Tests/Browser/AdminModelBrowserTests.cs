using System.Text.RegularExpressions;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>An admin opens the model page from the navigation: the active model, its card, the job's progress; checked with axe-core.</summary>
public sealed class AdminModelBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_Admin_Opens_The_Model_Page_And_Sees_The_Active_Model_And_The_Job()
    {
        var page = await browser.NewPageAsync();
        var failures = Journey.WatchForErrors(page);
        await browser.App.Services.GetRequiredService<PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);
        var run = browser.App.Services.GetRequiredService<PredictionQueue>().Run;
        await browser.App.CreateUserAsync("journey-admin@example.org", 10, Roles.Admin);
        await Journey.SignInAsync(page, "journey-admin@example.org", AppFactory.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Model", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/admin/model$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Active model" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-active-name]")).ToHaveTextAsync("btt-os-gct");
        await Assertions.Expect(page.Locator("[data-provider]")).ToHaveTextAsync(new Regex("^(CUDA|CPU)"));
        // The poller has read the job's status and shows the finished run.
        await Assertions.Expect(page.Locator("#model-job-summary")).ToHaveTextAsync($"Finished: {run.Done} of {run.Total} cases read, {run.Failed} failed.");
        await page.GetByText("The whole card").ClickAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "admin model page");
        await BrowserFixture.ScreenshotAsync(page, "admin-model");

        Assert.Empty(failures);
    }
}
