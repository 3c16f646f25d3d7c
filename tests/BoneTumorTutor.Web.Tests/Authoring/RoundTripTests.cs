using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Content;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Authoring;

/// <summary>The app on a content folder the test names.</summary>
public sealed class FolderContentAppFactory(string contentDirectory) : AppFactory
{
    public override string ContentDirectory => contentDirectory;
}

public sealed class RoundTripTests(AppFactory app) : IClassFixture<AppFactory>
{
    private static async Task<List<string>> CasesAsync(AppFactory factory) =>
        await factory.WithDbAsync(async db => (await db.Cases.AsNoTracking().Include(c => c.Image).OrderBy(c => c.Slug).ToListAsync())
            .Select(c => string.Join(" | ", c.Slug, c.Title, c.Diagnosis, c.ProvenBy, c.Age, c.Sex, c.Site, c.Side, c.View, c.LesionBox, c.Source,
                c.License, c.Attribution, c.Synthetic, c.Status, c.NotesMarkdown, c.Image!.Sha256, c.Image.Width, c.Image.Height,
                Radiographs.Sha256Hex(c.Image.OriginalBytes), Radiographs.Sha256Hex(c.Image.DisplayPng)))
            .ToList());

    [Fact]
    public async Task Every_Demo_Case_Exported_And_Synced_Into_A_Fresh_Database_Is_The_Same_Case()
    {
        var demo = ContentFolder.Read(Path.Combine(TestFiles.RepositoryRoot, "content"));
        Assert.Empty(demo.Problems);
        Assert.True(demo.Cases.Count >= 16);
        var exported = TestFiles.CreateTempDirectory("btt-export");
        try
        {
            using (var scope = app.Services.CreateScope())
            {
                var written = await scope.ServiceProvider.GetRequiredService<CaseExport>().ToFolderAsync(exported);
                Assert.Equal(demo.Cases.Select(c => c.Document.Id).Order(StringComparer.Ordinal), written);
            }

            // The files themselves: the same documents and the same image bytes as the committed demo content.
            var back = ContentFolder.Read(exported);
            Assert.Empty(back.Problems);
            Assert.Equal(demo.Cases.Select(c => c.Document), back.Cases.Select(c => c.Document));
            Assert.Equal(demo.Cases.Select(c => Radiographs.Sha256Hex(c.ImageBytes)), back.Cases.Select(c => Radiographs.Sha256Hex(c.ImageBytes)));

            // And the database a fresh install builds from them.
            using var fresh = new FolderContentAppFactory(exported);
            _ = fresh.Server;
            var original = await CasesAsync(app);
            var copy = await CasesAsync(fresh);
            Assert.Equal(original, copy);
        }
        finally
        {
            Directory.Delete(exported, recursive: true);
        }
    }

    [Fact]
    public async Task A_Case_Edited_In_The_App_Is_Not_Overwritten_By_Its_Files_Unless_Forced()
    {
        using var custom = new CustomContentAppFactory();
        var alpha = await custom.WithDbAsync(db => db.Cases.AsNoTracking().FirstAsync(c => c.Slug == "alpha"));
        using (var scope = custom.Services.CreateScope())
        {
            var editor = scope.ServiceProvider.GetRequiredService<CaseEditor>();
            var fields = CaseFields.Of(alpha) with { NotesMarkdown = "## Findings\nEdited in the app." };
            Assert.Equal(EditStatus.Saved, (await editor.SaveAsync(alpha.Id, alpha.Version, fields, null, Editor.Tool("test"))).Status);
        }

        var file = Path.Combine(custom.ContentDirectory, "cases", "alpha", "case.md");
        File.AppendAllText(file, "\nEdited in the file.\n");

        SyncReport report;
        using (var scope = custom.Services.CreateScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<ContentSync>().SyncAsync(custom.ContentDirectory);
        }

        Assert.Equal(["alpha"], report.KeptAppEdits);
        Assert.Contains("Edited in the app.", (await custom.WithDbAsync(db => db.Cases.AsNoTracking().FirstAsync(c => c.Slug == "alpha"))).NotesMarkdown, StringComparison.Ordinal);

        using (var scope = custom.Services.CreateScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<ContentSync>().SyncAsync(custom.ContentDirectory, force: true);
        }

        var forced = await custom.WithDbAsync(db => db.Cases.AsNoTracking().FirstAsync(c => c.Slug == "alpha"));
        Assert.Equal(1, report.Updated);
        Assert.Contains("Edited in the file.", forced.NotesMarkdown, StringComparison.Ordinal);
        Assert.Null(forced.EditedInAppAt);
    }

    [Fact]
    public async Task Exporting_An_Edited_Case_Into_The_Content_Folder_Makes_The_Next_Sync_Adopt_It()
    {
        using var custom = new CustomContentAppFactory();
        var bravo = await custom.WithDbAsync(db => db.Cases.AsNoTracking().FirstAsync(c => c.Slug == "bravo"));
        using (var scope = custom.Services.CreateScope())
        {
            var fields = CaseFields.Of(bravo) with { Title = "Retitled in the app" };
            await scope.ServiceProvider.GetRequiredService<CaseEditor>().SaveAsync(bravo.Id, bravo.Version, fields, null, Editor.Tool("test"));
            await scope.ServiceProvider.GetRequiredService<CaseExport>().ToFolderAsync(custom.ContentDirectory, bravo.Id);
        }

        SyncReport report;
        using (var scope = custom.Services.CreateScope())
        {
            report = await scope.ServiceProvider.GetRequiredService<ContentSync>().SyncAsync(custom.ContentDirectory);
        }

        var after = await custom.WithDbAsync(db => db.Cases.AsNoTracking().FirstAsync(c => c.Slug == "bravo"));
        Assert.Empty(report.KeptAppEdits);
        Assert.Equal(0, report.Updated);
        Assert.Equal("Retitled in the app", after.Title);
        Assert.Null(after.EditedInAppAt);
    }
}
