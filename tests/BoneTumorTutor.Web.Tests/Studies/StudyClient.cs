using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using BoneTumorTutor.Web.Tests.Infrastructure;

namespace BoneTumorTutor.Web.Tests.Studies;

/// <summary>Browser-like steps of the study pages.</summary>
public static partial class StudyClient
{
    [GeneratedRegex("action=\"/studies/(\\d+)/read/([0-9a-f-]{36})/(unaided|aided)\"")]
    private static partial Regex ReadForm();

    /// <summary>Posts the create form; returns the response (a redirect to the study on success).</summary>
    public static Task<HttpResponseMessage> CreateStudyAsync(
        this HttpClient client, string name, string design, IEnumerable<int> caseIds, IEnumerable<string> readerIds, DateTime? deadline = null, string instructions = "Read carefully.")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Name", name),
            new("Instructions", instructions),
            new("Design", design),
            new("Deadline", (deadline ?? DateTime.UtcNow.AddDays(7)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture)),
            new("Mode", "Hand"),
        };
        fields.AddRange(caseIds.Select(id => new KeyValuePair<string, string>("CaseIds", id.ToString(CultureInfo.InvariantCulture))));
        fields.AddRange(readerIds.Select(id => new KeyValuePair<string, string>("ReaderIds", id)));
        return client.PostListAsync("/studies/new", fields, "/studies/new");
    }

    public static async Task<HttpResponseMessage> PostListAsync(this HttpClient client, string url, List<KeyValuePair<string, string>> fields, string formPage)
    {
        var page = await client.GetStringAsync(formPage);
        fields.Add(new("__RequestVerificationToken", HttpExtensions.AntiforgeryToken(page)));
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    public static int StudyIdFrom(HttpResponseMessage created)
    {
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return int.Parse(created.Headers.Location!.OriginalString.Split('?')[0].Split('/').Last(), CultureInfo.InvariantCulture);
    }

    public static async Task StartAsync(this HttpClient client, int studyId)
    {
        var response = await client.PostFormAsync($"/studies/{studyId}/start", [], $"/studies/{studyId}/read");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>The current read form on the reading page: its read id and phase, with the page.</summary>
    public static async Task<(Guid ReadId, string Phase, string Html)> CurrentAsync(this HttpClient client, int studyId)
    {
        var html = await client.GetStringAsync($"/studies/{studyId}/read");
        var match = ReadForm().Match(html);
        Assert.True(match.Success, "no read form on the page");
        return (Guid.Parse(match.Groups[2].Value), match.Groups[3].Value, html);
    }

    public static Task<HttpResponseMessage> RateAsync(this HttpClient client, int studyId, Guid readId, string phase, int rating, string html) =>
        client.PostAsync($"/studies/{studyId}/read/{readId}/{phase}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpExtensions.AntiforgeryToken(html),
            ["Diagnosis"] = rating >= 50 ? "Osteosarcoma" : "GiantCellTumor",
            ["Confidence"] = rating.ToString(CultureInfo.InvariantCulture),
        }));
}
