using System.Net;
using System.Text.RegularExpressions;

namespace BoneTumorTutor.Web.Tests.Infrastructure;

public static partial class HttpExtensions
{
    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, "no antiforgery token on the page");
        return match.Groups[1].Value;
    }

    /// <summary>Posts a form the way a browser would: GETs <paramref name="formPage"/> (default: the form's own URL) for the token first.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, Dictionary<string, string> fields, string? formPage = null)
    {
        var page = await client.GetStringAsync(formPage ?? url);
        fields["__RequestVerificationToken"] = AntiforgeryToken(page);
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static async Task<HttpResponseMessage> RegisterAsync(this HttpClient client, string email, string stage = "Resident", int value = 2) =>
        await client.PostFormAsync("/account/register", new()
        {
            ["Email"] = email,
            ["DisplayName"] = email.Split('@')[0],
            ["Password"] = AppFactory.Password,
            ["ConfirmPassword"] = AppFactory.Password,
            ["Stage"] = stage,
            ["StageValue"] = value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>Follows /practice/next to the open attempt; returns its id and the case page's HTML.</summary>
    public static async Task<(Guid AttemptId, string Html)> OpenNextCaseAsync(this HttpClient client)
    {
        var next = await client.GetAsync("/practice/next");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        var location = next.Headers.Location!.OriginalString;
        var id = Guid.Parse(location.Split('/', StringSplitOptions.RemoveEmptyEntries).Last());
        var html = await client.GetStringAsync(location);
        return (id, html);
    }

    public static async Task<HttpResponseMessage> AnswerAsync(this HttpClient client, Guid attemptId, string diagnosis, int confidence, string? pageHtml = null)
    {
        var html = pageHtml ?? await client.GetStringAsync($"/practice/{attemptId}");
        return await client.PostAsync($"/practice/{attemptId}/answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
            ["Diagnosis"] = diagnosis,
            ["Confidence"] = confidence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
    }
}
