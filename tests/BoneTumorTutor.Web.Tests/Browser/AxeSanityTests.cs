namespace BoneTumorTutor.Web.Tests.Browser;

public sealed class AxeSanityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Axe_Reports_A_Planted_Violation()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/about");
        await page.EvaluateAsync("() => { const img = document.createElement('img'); img.src = '/favicon.svg'; document.querySelector('main').appendChild(img); }");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Accessibility.AssertNoSeriousViolationsAsync(page, "about with a planted image"));

        Assert.Contains("image-alt", error.Message, StringComparison.Ordinal);
    }
}
