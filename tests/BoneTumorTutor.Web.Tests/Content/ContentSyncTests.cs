using BoneTumorTutor.Cases;
using BoneTumorTutor.Content;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Content;

public sealed class ContentSyncTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    private async Task<SyncReport> SyncAsync(string directory)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ContentSync>().SyncAsync(directory);
    }

    [Fact]
    public async Task Start_Up_Loaded_The_Content_And_A_Second_Sync_Changes_Nothing()
    {
        string[] slugs = ["alpha", "bravo", "charlie", "delta"];
        var before = await app.WithDbAsync(db => db.Cases.AsNoTracking().Where(c => slugs.Contains(c.Slug)).OrderBy(c => c.Slug).Select(c => new { c.Slug, c.UpdatedAt, c.ImageId }).ToListAsync());

        var report = await SyncAsync(app.ContentDirectory);

        Assert.Equal(slugs, before.Select(c => c.Slug));
        Assert.Equal((0, 0, 4), (report.Added, report.Updated, report.Unchanged));
        var after = await app.WithDbAsync(db => db.Cases.AsNoTracking().Where(c => slugs.Contains(c.Slug)).OrderBy(c => c.Slug).Select(c => new { c.Slug, c.UpdatedAt, c.ImageId }).ToListAsync());
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Edits_Update_Broken_Cases_Are_Skipped_And_Nothing_In_The_Database_Is_Lost()
    {
        var content = TestFiles.CreateTempDirectory("btt-sync");
        try
        {
            TestFiles.WriteCase(content, "sync-one", "osteosarcoma", "First notes.", seed: 11);
            TestFiles.WriteCase(content, "sync-two", "giant-cell-tumor", "Second notes.", seed: 12);
            TestFiles.WriteCase(content, "sync-three", "giant-cell-tumor", "Third notes.", seed: 13);
            Assert.Equal(3, (await SyncAsync(content)).Added);

            // Edit one, break one (it was fine before), remove one, add a broken new one.
            File.AppendAllText(Path.Combine(content, "cases", "sync-one", "case.md"), "\nAdded paragraph.\n");
            var two = Path.Combine(content, "cases", "sync-two", "case.md");
            File.WriteAllText(two, File.ReadAllText(two).Replace("giant-cell-tumor", "giant cell", StringComparison.Ordinal));
            Directory.Delete(Path.Combine(content, "cases", "sync-three"), recursive: true);
            TestFiles.WriteCase(content, "sync-four", "osteosarcoma", "Fourth notes.", extraFrontMatter: "status: unknown-state", seed: 14);

            var report = await SyncAsync(content);

            Assert.Equal((0, 1, 0), (report.Added, report.Updated, report.Unchanged));
            Assert.Contains(report.Problems, p => p.File == "cases/sync-two/case.md" && p.Line == 4);
            Assert.Contains(report.Problems, p => p.File == "cases/sync-four/case.md" && p.Message.Contains("unknown status", StringComparison.Ordinal));
            var cases = await app.WithDbAsync(db => db.Cases.AsNoTracking().Where(c => c.Slug.StartsWith("sync-")).ToDictionaryAsync(c => c.Slug));
            Assert.Contains("Added paragraph.", cases["sync-one"].NotesMarkdown, StringComparison.Ordinal);
            Assert.Equal(Diagnosis.GiantCellTumor, cases["sync-two"].Diagnosis);
            Assert.True(cases.ContainsKey("sync-three"));
            Assert.False(cases.ContainsKey("sync-four"));
        }
        finally
        {
            Directory.Delete(content, recursive: true);
        }
    }
}
