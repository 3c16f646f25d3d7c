using System.Collections.Concurrent;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Authoring;

/// <summary>Records every case change the app announces, as a model-serving listener would see them.</summary>
public sealed class RecordingCaseListener : ICaseChangeListener
{
    public ConcurrentQueue<int> Changed { get; } = new();

    public Task CasesChangedAsync(IReadOnlyCollection<int> caseIds, CancellationToken cancellationToken)
    {
        foreach (var id in caseIds)
        {
            Changed.Enqueue(id);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The custom-content app with a recording change listener.</summary>
public sealed class AuthoringAppFactory : CustomContentAppFactory
{
    public RecordingCaseListener Listener { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ICaseChangeListener>(Listener));
    }
}

public static class AuthoringHttp
{
    public static Dictionary<string, string> ValidFields(string slug, string title = "Editor case") => new()
    {
        ["Slug"] = slug,
        ["Title"] = title,
        ["Diagnosis"] = "Osteosarcoma",
        ["ProvenBy"] = "histopathology",
        ["Age"] = "17",
        ["Sex"] = "Male",
        ["Site"] = "distal femur",
        ["Side"] = "left",
        ["View"] = "AP",
        ["BoxX"] = "10",
        ["BoxY"] = "20",
        ["BoxWidth"] = "50",
        ["BoxHeight"] = "60",
        ["Source"] = "Test hospital teaching file",
        ["License"] = "CC BY 4.0",
        ["Attribution"] = "Test hospital",
        ["NotesMarkdown"] = "## Findings\nEDITOR-CANARY-NOTES permeative lysis.",
    };

    /// <summary>Posts the editor's multipart form the way a browser would (token from <paramref name="formPage"/>).</summary>
    public static async Task<HttpResponseMessage> PostCaseFormAsync(
        this HttpClient client, string url, Dictionary<string, string> fields, byte[]? image, string fileName = "image.png", string? formPage = null, bool withToken = true)
    {
        var content = new MultipartFormDataContent();
        if (withToken)
        {
            var page = await client.GetStringAsync(formPage ?? url);
            content.Add(new StringContent(HttpExtensions.AntiforgeryToken(page)), "__RequestVerificationToken");
        }

        foreach (var (key, value) in fields)
        {
            content.Add(new StringContent(value), key);
        }

        if (image is not null)
        {
            var file = new ByteArrayContent(image);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            content.Add(file, "Image", fileName);
        }

        return await client.PostAsync(url, content);
    }

    public static int CaseIdFrom(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var path = response.Headers.Location!.OriginalString.Split('?')[0];
        return int.Parse(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Last(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
