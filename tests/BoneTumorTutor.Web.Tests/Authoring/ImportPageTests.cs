using System.Net;
using System.Text.Json;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Tests.Authoring;

/// <summary>The app with one import root holding a tiny published-layout BTXRD folder.</summary>
public sealed class ImportAppFactory : CustomContentAppFactory
{
    public string ImportRoot { get; } = TestFiles.CreateTempDirectory("btt-import-root");

    public string BtxrdFolder { get; }

    public ImportAppFactory()
    {
        var made = BtxrdFixtures.PublishedLayout();
        BtxrdFolder = Path.Combine(ImportRoot, "btxrd");
        Directory.Move(made, BtxrdFolder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Import:Roots:0", ImportRoot);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(ImportRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public sealed class ImportPageTests(ImportAppFactory app) : IClassFixture<ImportAppFactory>
{
    [Fact]
    public async Task An_Educator_Imports_From_The_Browser_And_Watches_The_Progress()
    {
        var client = await app.SignedInClientAsync("importer@example.org", 10, Roles.Educator);
        var page = await client.GetStringAsync("/educator/import");
        Assert.Contains(app.BtxrdFolder, page, StringComparison.Ordinal);

        var start = await client.PostFormAsync("/educator/import", new()
        {
            ["Folder"] = app.BtxrdFolder,
            ["Kind"] = "btxrd",
            ["Types"] = "osteosarcoma",
        });
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.DoesNotContain("problem", start.Headers.Location!.OriginalString, StringComparison.Ordinal);

        JsonElement status = default;
        for (var i = 0; i < 100; i++)
        {
            status = JsonDocument.Parse(await client.GetStringAsync("/educator/import/status")).RootElement;
            if (status.GetProperty("finished").GetBoolean())
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.True(status.GetProperty("finished").GetBoolean());
        Assert.Equal((1, 1, 0), (status.GetProperty("total").GetInt32(), status.GetProperty("added").GetInt32(), status.GetProperty("failed").GetInt32()));
        var imported = await app.WithDbAsync(db => db.Cases.AsNoTracking().SingleAsync(c => c.ImportKey == "btxrd:IMG900001"));
        Assert.Equal(CaseStatus.Draft, imported.Status);
    }

    [Fact]
    public async Task A_Folder_Outside_The_Import_Roots_Cannot_Be_Named()
    {
        var client = await app.SignedInClientAsync("importer2@example.org", 10, Roles.Admin);

        var start = await client.PostFormAsync("/educator/import", new() { ["Folder"] = "/etc", ["Kind"] = "folder", ["Manifest"] = "passwd" });

        Assert.Contains("problem", start.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trainees_Cannot_Start_Or_Watch_Imports()
    {
        var client = await app.SignedInClientAsync("import-trainee@example.org", 2, Roles.Trainee);

        Assert.Equal("/account/denied", (await client.GetAsync("/educator/import/status")).Headers.Location!.AbsolutePath);
        var start = await client.PostFormAsync("/educator/import", new() { ["Folder"] = app.BtxrdFolder, ["Kind"] = "btxrd" }, formPage: "/account/profile");
        Assert.Equal("/account/denied", start.Headers.Location!.AbsolutePath);
    }
}
