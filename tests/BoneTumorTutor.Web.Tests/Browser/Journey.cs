using Microsoft.Playwright;

namespace BoneTumorTutor.Web.Tests.Browser;

/// <summary>Helpers shared by the role journeys.</summary>
public static class Journey
{
    /// <summary>Collects console errors and failed responses (4xx/5xx) so a journey can assert there were none.</summary>
    public static List<string> WatchForErrors(IPage page)
    {
        var failures = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                failures.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                failures.Add($"{response.Status} {response.Url}");
            }
        };
        return failures;
    }

    /// <summary>Signs in through the login form.</summary>
    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !new Uri(url).AbsolutePath.StartsWith("/account/login", StringComparison.Ordinal));
    }

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/> (fails after 40 presses).</summary>
    public static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}");
    }
}
