using System.CommandLine;
using BoneTumorTutor.Cli;
using BoneTumorTutor.Data;
using BoneTumorTutor.Testing;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Tests.Cli.Import;

/// <summary>`btt import` computes the shipped model's readings of the published cases it imports (the app's queue).</summary>
public sealed class ImportInferenceTests : IDisposable
{
    private readonly string _root = TestFiles.CreateTempDirectory("btt-import-inference");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Published_cases_with_a_box_get_readings_once_and_a_rerun_computes_nothing()
    {
        var folder = WriteFolder();
        var data = Path.Combine(_root, "data");

        Assert.Equal(0, await Btt("import", "folder", folder, "--manifest", Path.Combine(folder, "cases.csv"), "--publish", "--data", data));
        var first = await Readings(data);
        Assert.Equal(["c1", "c2", "c3"], first.Select(r => r.Slug).Order());
        Assert.All(first, r => Assert.InRange(r.ProbabilityOs, 0, 1));

        Assert.Equal(0, await Btt("import", "folder", folder, "--manifest", Path.Combine(folder, "cases.csv"), "--publish", "--data", data));
        Assert.Equal(first, await Readings(data));
    }

    [Fact]
    public async Task No_readings_without_inference_or_for_drafts()
    {
        var folder = WriteFolder();
        var skipped = Path.Combine(_root, "skipped");
        Assert.Equal(0, await Btt("import", "folder", folder, "--manifest", Path.Combine(folder, "cases.csv"), "--publish", "--no-inference", "--data", skipped));
        Assert.Empty(await Readings(skipped));

        var drafts = Path.Combine(_root, "drafts");
        Assert.Equal(0, await Btt("import", "folder", folder, "--manifest", Path.Combine(folder, "cases.csv"), "--data", drafts));
        Assert.Empty(await Readings(drafts));
    }

    private string WriteFolder()
    {
        var folder = Path.Combine(_root, "folder");
        if (Directory.Exists(folder))
        {
            return folder;
        }

        Directory.CreateDirectory(folder);
        var lines = new List<string> { "id,image,diagnosis,proven_by,age,sex,site,box_x,box_y,box_width,box_height" };
        for (var i = 1; i <= 4; i++)
        {
            File.WriteAllBytes(Path.Combine(folder, $"c{i}.png"), TestFiles.Png(160, 200, seed: i));
            var diagnosis = i % 2 == 0 ? "giant-cell-tumor" : "osteosarcoma";
            var box = i < 4 ? $"{20 + i},{30 + i},50,60" : ",,,";
            lines.Add($"c{i},c{i}.png,{diagnosis},histopathology,{20 + i},female,distal femur,{box}");
        }

        File.WriteAllLines(Path.Combine(folder, "cases.csv"), lines);
        return folder;
    }

    private static async Task<int> Btt(params string[] args) => await new RootCommand { ImportCommands.Create() }.Parse(args).InvokeAsync();

    private sealed record Reading(string Slug, string Model, double ProbabilityOs, DateTime ComputedAt);

    private static async Task<List<Reading>> Readings(string data)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(data, AppPaths.DatabaseFileName)}").Options;
        await using var db = new AppDbContext(options);
        return await db.CasePredictions.OrderBy(p => p.Id)
            .Select(p => new Reading(p.Case!.Slug, p.ModelSha256, p.ProbabilityOs, p.ComputedAt))
            .ToListAsync(TestContext.Current.CancellationToken);
    }
}
