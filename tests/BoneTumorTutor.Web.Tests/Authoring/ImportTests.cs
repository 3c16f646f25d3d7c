using System.Globalization;
using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Importing;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Web.Tests.Authoring;

/// <summary>The shared BTXRD copy imported into an app of its own, so the other import tests' "btxrd:" fixture cases are not in its database.</summary>
public sealed class SharedBtxrdImportTests(SharedBtxrdImportTests.App app) : IClassFixture<SharedBtxrdImportTests.App>
{
    public sealed class App : CustomContentAppFactory;

    private static readonly string SharedBtxrd = Path.Combine(TestFiles.SharedRoot, "data", "btxrd");

    private async Task<ImportProgress> ImportAsync(ImportSource source, ImportSettings? settings = null)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CaseImporter>().RunAsync(source, settings ?? new ImportSettings());
    }

    private Task<List<Case>> CasesWithKeyPrefixAsync(string prefix) =>
        app.WithDbAsync(db => db.Cases.AsNoTracking().Include(c => c.Image).Where(c => c.ImportKey != null && c.ImportKey.StartsWith(prefix)).ToListAsync());

    [Fact]
    public async Task The_Shared_Btxrd_Copy_Imports_Its_Knee_Osteosarcomas_And_Gcts_With_Mask_Boxes_And_A_Rerun_Changes_Nothing()
    {
        Assert.SkipWhen(!Directory.Exists(SharedBtxrd) && !TestFiles.IsCi, $"{SharedBtxrd} is not on this machine");
        // What the import should select, worked out here from the CSV independently of the importer.
        var lines = File.ReadAllLines(Path.Combine(SharedBtxrd, "metadata.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var expected = lines.Skip(1).Select(l => l.Split(','))
            .Where(f => (f[Col("osteosarcoma")] == "1" || f[Col("giant cell tumor")] == "1") && (f[Col("femur")] == "1" || f[Col("tibia")] == "1"))
            .ToDictionary(f => "btxrd:" + Path.GetFileNameWithoutExtension(f[0]), f => f);

        var first = await ImportAsync(Btxrd.Read(SharedBtxrd, new BtxrdOptions()));

        Assert.Equal((expected.Count, expected.Count, 0), (first.Total, first.Added, first.Failed));
        var cases = await CasesWithKeyPrefixAsync("btxrd:");
        Assert.Equal(expected.Keys.Order(), cases.Select(c => c.ImportKey!).Order());
        Assert.All(cases, c =>
        {
            Assert.Equal(CaseStatus.Draft, c.Status);
            Assert.False(c.Synthetic);
            Assert.Equal(CaseOrigin.Import, c.Origin);
            Assert.Contains("Yao", c.Attribution, StringComparison.Ordinal);
            Assert.Contains("non-commercial", c.License, StringComparison.Ordinal);
            Assert.Contains("teaching notes still to be written", c.NotesMarkdown, StringComparison.Ordinal);
            var row = expected[c.ImportKey!];
            Assert.Equal(row[Col("osteosarcoma")] == "1" ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor, c.Diagnosis);
            Assert.Equal(int.Parse(row[Col("age")], CultureInfo.InvariantCulture), c.Age);
        });

        // Boxes: pixel by pixel over a few masks, the contract's [xmin, ymin, xmax-xmin+1, ymax-ymin+1] over values > 127.
        foreach (var c in cases.OrderBy(c => c.ImportKey, StringComparer.Ordinal).Take(5))
        {
            var row = expected[c.ImportKey!];
            using var mask = Image.Load<L8>(Path.Combine(SharedBtxrd, row[Col("mask_file")]));
            var points = from y in Enumerable.Range(0, mask.Height) from x in Enumerable.Range(0, mask.Width) where mask[x, y].PackedValue > 127 select (x, y);
            var list = points.ToList();
            var (x0, y0, x1, y1) = (list.Min(p => p.x), list.Min(p => p.y), list.Max(p => p.x), list.Max(p => p.y));
            Assert.Equal(new LesionBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1), c.LesionBox);
        }

        var second = await ImportAsync(Btxrd.Read(SharedBtxrd, new BtxrdOptions()));

        Assert.Equal((0, 0, expected.Count), (second.Added, second.Updated, second.Unchanged));
        Assert.Equal(expected.Count, (await CasesWithKeyPrefixAsync("btxrd:")).Count);
    }
}

public sealed class ImportTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    private static readonly string SharedBtxrd = Path.Combine(TestFiles.SharedRoot, "data", "btxrd");

    private async Task<ImportProgress> ImportAsync(ImportSource source, ImportSettings? settings = null)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CaseImporter>().RunAsync(source, settings ?? new ImportSettings());
    }

    private Task<List<Case>> CasesWithKeyPrefixAsync(string prefix) =>
        app.WithDbAsync(db => db.Cases.AsNoTracking().Include(c => c.Image).Where(c => c.ImportKey != null && c.ImportKey.StartsWith(prefix)).ToListAsync());

    [Fact]
    public async Task The_Published_Layout_Imports_With_Annotation_Boxes_Skips_A_Bad_Row_And_Updates_On_A_Rerun()
    {
        var dir = BtxrdFixtures.PublishedLayout();
        try
        {
            var source = Btxrd.Read(dir, new BtxrdOptions());
            Assert.Equal(2, source.RowsFiltered);

            var first = await ImportAsync(source, new ImportSettings { NewCaseStatus = CaseStatus.Published });

            Assert.Equal((3, 2, 1), (first.Total, first.Added, first.Failed));
            Assert.Contains(first.Errors, e => e.Contains("dataset.csv:4", StringComparison.Ordinal) && e.Contains("missing", StringComparison.Ordinal));
            var cases = (await CasesWithKeyPrefixAsync("btxrd:IMG90000")).ToDictionary(c => c.ImportKey!);
            var one = cases["btxrd:IMG900001"];
            Assert.Equal((Diagnosis.Osteosarcoma, 14, Sex.Male, "femur", "AP", CaseStatus.Published), (one.Diagnosis, one.Age, one.Sex, one.Site, one.View, one.Status));
            Assert.Equal(new LesionBox(40, 50, 81, 101), one.LesionBox);
            Assert.Equal("image/jpeg", one.Image!.OriginalContentType);
            var two = cases["btxrd:IMG900002"];
            Assert.Equal((Diagnosis.GiantCellTumor, "tibia", "lateral"), (two.Diagnosis, two.Site, two.View));
            Assert.Null(two.LesionBox);

            // The CSV gets fixed: a re-run updates that case and duplicates nothing.
            File.Delete(Path.Combine(dir, "dataset.csv"));
            var fixedDir = BtxrdFixtures.PublishedLayout(ageOfFirst: "15");
            File.Copy(Path.Combine(fixedDir, "dataset.csv"), Path.Combine(dir, "dataset.csv"));
            Directory.Delete(fixedDir, recursive: true);
            var second = await ImportAsync(Btxrd.Read(dir, new BtxrdOptions()));

            Assert.Equal((0, 1, 1, 1), (second.Added, second.Updated, second.Unchanged, second.Failed));
            var after = (await CasesWithKeyPrefixAsync("btxrd:IMG90000")).ToDictionary(c => c.ImportKey!);
            Assert.Equal(2, after.Count);
            Assert.Equal(15, after["btxrd:IMG900001"].Age);
            Assert.Equal(2, after["btxrd:IMG900001"].Version);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_Folder_With_A_Manifest_Imports_Its_Good_Rows_And_Reports_The_Bad_One()
    {
        var dir = TestFiles.CreateTempDirectory("teaching-file");
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "a.png"), TestFiles.Png(200, 240, seed: 21));
            File.WriteAllBytes(Path.Combine(dir, "b.jpg"), BtxrdFixtures.Jpeg(200, 240, seed: 22));
            File.WriteAllText(Path.Combine(dir, "a.md"), "## Findings\nFOLDER-NOTES-A");
            File.WriteAllText(Path.Combine(dir, "manifest.csv"), """
                id,image,diagnosis,proven_by,age,sex,site,side,view,box_x,box_y,box_width,box_height,notes_file
                tf-001,a.png,osteosarcoma,biopsy,12,female,distal femur,right,AP,10,10,50,60,a.md
                tf-002,b.jpg,giant-cell-tumor,histopathology,35,male,proximal tibia,left,AP,,,,,
                tf-003,b.jpg,chondrosarcoma,histopathology,50,male,femur,left,AP,,,,,
                tf-004,../outside.png,osteosarcoma,biopsy,12,female,femur,left,AP,,,,,
                """);

            var result = await ImportAsync(FolderManifest.Read(dir, Path.Combine(dir, "manifest.csv"), "Our teaching file", "Internal use"));

            Assert.Equal((4, 2, 2), (result.Total, result.Added, result.Failed));
            Assert.Contains(result.Errors, e => e.Contains("chondrosarcoma", StringComparison.Ordinal));
            Assert.Contains(result.Errors, e => e.Contains("not a file inside the folder", StringComparison.Ordinal));
            var cases = (await CasesWithKeyPrefixAsync("folder:tf-")).ToDictionary(c => c.Slug);
            Assert.Contains("FOLDER-NOTES-A", cases["tf-001"].NotesMarkdown, StringComparison.Ordinal);
            Assert.Equal(new LesionBox(10, 10, 50, 60), cases["tf-001"].LesionBox);
            Assert.Equal(("Our teaching file", CaseStatus.Draft), (cases["tf-002"].Source, cases["tf-002"].Status));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task A_Rerun_Leaves_A_Case_An_Educator_Has_Edited_Alone()
    {
        var dir = TestFiles.CreateTempDirectory("teaching-file-edit");
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "a.png"), TestFiles.Png(200, 240, seed: 31));
            var manifest = Path.Combine(dir, "manifest.csv");
            File.WriteAllText(manifest, "id,image,diagnosis,proven_by,age,sex,site\nkeep-001,a.png,osteosarcoma,biopsy,12,female,femur\n");
            Assert.Equal(1, (await ImportAsync(FolderManifest.Read(dir, manifest, "s", "l"))).Added);
            var imported = (await CasesWithKeyPrefixAsync("folder:keep-")).Single();
            using (var scope = app.Services.CreateScope())
            {
                var fields = CaseFields.Of(imported) with { NotesMarkdown = "## Findings\nThe educator's own notes." };
                Assert.Equal(EditStatus.Saved, (await scope.ServiceProvider.GetRequiredService<CaseEditor>().SaveAsync(imported.Id, imported.Version, fields, null, Editor.Tool("test"))).Status);
            }

            File.WriteAllText(manifest, "id,image,diagnosis,proven_by,age,sex,site\nkeep-001,a.png,osteosarcoma,biopsy,13,female,femur\n");
            var rerun = await ImportAsync(FolderManifest.Read(dir, manifest, "s", "l"));

            Assert.Equal((0, 0, 1), (rerun.Added, rerun.Updated, rerun.Kept));
            var after = (await CasesWithKeyPrefixAsync("folder:keep-")).Single();
            Assert.Contains("The educator's own notes.", after.NotesMarkdown, StringComparison.Ordinal);
            Assert.Equal(12, after.Age);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
