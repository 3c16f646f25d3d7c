using System.CommandLine;
using System.Diagnostics;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Importing;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Cli;

/// <summary>`btt import btxrd|folder`: load a collection of radiographs as cases, with progress; re-runs update.</summary>
internal static class ImportCommands
{
    public static Command Create()
    {
        var publish = new Option<bool>("--publish")
        {
            Description = "Publish newly imported cases at once (default: draft, so an educator reviews them and writes their notes first).",
        };

        var btxrdDir = new Argument<string>("DIR") { Description = "BTXRD folder: published layout (dataset.csv + images/) or the reduced copy (metadata.csv)." };
        var types = new Option<string[]>("--types")
        {
            Description = "Tumour types to import (BTXRD names).",
            DefaultValueFactory = _ => [Btxrd.Osteosarcoma, Btxrd.GiantCellTumor],
            AllowMultipleArgumentsPerToken = true,
        };
        var sites = new Option<string[]>("--sites")
        {
            Description = "Bones to import (femur, tibia, … or all).",
            DefaultValueFactory = _ => ["femur", "tibia"],
            AllowMultipleArgumentsPerToken = true,
        };
        var btxrd = new Command("btxrd", "Import the public BTXRD dataset (osteosarcoma and giant cell tumor around the knee by default).")
        {
            btxrdDir, types, sites, publish, CliServices.DataOption, CliServices.ConnectionOption,
        };
        btxrd.SetAction(async (result, cancellationToken) =>
        {
            ImportSource source;
            try
            {
                source = Btxrd.Read(result.GetValue(btxrdDir)!, new BtxrdOptions { TumourTypes = result.GetValue(types)!, Sites = result.GetValue(sites)! });
            }
            catch (Exception ex) when (ex is ArgumentException or IOException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            return await RunAsync(result, source, result.GetValue(publish), "BTXRD import", cancellationToken);
        });

        var folderDir = new Argument<string>("DIR") { Description = "Folder holding the images (and notes files) the manifest names." };
        var manifest = new Option<string>("--manifest") { Description = "CSV manifest, one row per case.", Required = true };
        var source = new Option<string>("--source") { Description = "Source for rows without one.", DefaultValueFactory = _ => "Institutional teaching file" };
        var license = new Option<string>("--license") { Description = "Licence for rows without one.", DefaultValueFactory = _ => "Internal teaching use only" };
        var folder = new Command("folder", "Import a folder of images with a CSV manifest (columns: id, image, diagnosis, proven_by, age, sex, site, …).")
        {
            folderDir, manifest, source, license, publish, CliServices.DataOption, CliServices.ConnectionOption,
        };
        folder.SetAction(async (result, cancellationToken) =>
        {
            ImportSource read;
            try
            {
                read = FolderManifest.Read(result.GetValue(folderDir)!, result.GetValue(manifest)!, result.GetValue(source)!, result.GetValue(license)!);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException)
            {
                Console.Error.WriteLine(ex.Message);
                return 2;
            }

            return await RunAsync(result, read, result.GetValue(publish), "folder import", cancellationToken);
        });

        return new Command("import", "Import collections of radiographs as cases.") { btxrd, folder };
    }

    private static async Task<int> RunAsync(ParseResult result, ImportSource source, bool publish, string tool, CancellationToken cancellationToken)
    {
        await using var services = await CliServices.OpenAsync(result, cancellationToken);
        using var scope = services.CreateScope();
        Console.WriteLine($"Importing {source.Rows.Count} rows from {source.Description} ({source.RowsFiltered} rows not selected).");
        var shownErrors = 0;
        var lastLine = Stopwatch.StartNew();
        var progress = new SynchronousProgress<ImportProgress>(p =>
        {
            for (; shownErrors < p.Errors.Count; shownErrors++)
            {
                Console.Error.WriteLine("  skipped: " + p.Errors[shownErrors]);
            }

            if (p.Finished || lastLine.Elapsed > TimeSpan.FromSeconds(2))
            {
                Console.WriteLine("  " + p);
                lastLine.Restart();
            }
        });
        var settings = new ImportSettings { NewCaseStatus = publish ? CaseStatus.Published : CaseStatus.Draft, ToolName = tool };
        var outcome = await scope.ServiceProvider.GetRequiredService<CaseImporter>().RunAsync(source, settings, progress, cancellationToken);
        return outcome.Failed == 0 ? 0 : 1;
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
