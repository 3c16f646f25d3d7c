using System.CommandLine;
using System.Diagnostics;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Importing;
using BoneTumorTutor.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        var noInference = new Option<bool>("--no-inference")
        {
            Description = "Do not compute the active model's readings of the imported published cases (by default they are computed, as the app does, when a model is present).",
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
            btxrdDir, types, sites, publish, noInference, CliServices.DataOption, CliServices.ConnectionOption,
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

            return await RunAsync(result, source, result.GetValue(publish), !result.GetValue(noInference), "BTXRD import", cancellationToken);
        });

        var folderDir = new Argument<string>("DIR") { Description = "Folder holding the images (and notes files) the manifest names." };
        var manifest = new Option<string>("--manifest") { Description = "CSV manifest, one row per case.", Required = true };
        var source = new Option<string>("--source") { Description = "Source for rows without one.", DefaultValueFactory = _ => "Institutional teaching file" };
        var license = new Option<string>("--license") { Description = "Licence for rows without one.", DefaultValueFactory = _ => "Internal teaching use only" };
        var folder = new Command("folder", "Import a folder of images with a CSV manifest (columns: id, image, diagnosis, proven_by, age, sex, site, …).")
        {
            folderDir, manifest, source, license, publish, noInference, CliServices.DataOption, CliServices.ConnectionOption,
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

            return await RunAsync(result, read, result.GetValue(publish), !result.GetValue(noInference), "folder import", cancellationToken);
        });

        return new Command("import", "Import collections of radiographs as cases.") { btxrd, folder };
    }

    private static async Task<int> RunAsync(ParseResult result, ImportSource source, bool publish, bool inference, string tool, CancellationToken cancellationToken)
    {
        // Model readings go the way the web app computes them (Features/Model/InferenceSetup.cs): the active model in a
        // ModelHost and the PredictionQueue as the importer's ICaseChangeListener, running beside the import.
        ModelHost? models = null;
        using var loggers = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        if (inference)
        {
            var paths = CliServices.Paths(result);
            models = new ModelHost(paths, new InferenceOptions(), loggers.CreateLogger<ModelHost>());
            models.LoadAtStart();
            if (models.Current is null)
            {
                Console.WriteLine($"Inference: no conforming model in {paths.ModelsDirectory} ({models.LastProblem ?? "none found"}); importing without model readings.");
                models.Dispose();
                models = null;
            }
        }

        try
        {
            await using var services = await CliServices.OpenAsync(result, cancellationToken, s =>
            {
                if (models is not null)
                {
                    s.AddSingleton(models);
                    s.AddSingleton<WriteGate>();
                    s.AddSingleton<PredictionQueue>();
                    s.AddSingleton<ICaseChangeListener>(sp => sp.GetRequiredService<PredictionQueue>());
                }
            });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var queue = models is null ? null : services.GetRequiredService<PredictionQueue>();
            var worker = queue is null ? Task.CompletedTask : Task.Run(() => queue.RunAsync(stop.Token), CancellationToken.None);
            if (models?.Describe() is { } model)
            {
                Console.WriteLine($"Inference: model {model.Card.Name} ({model.Sha256[..12]}) on {model.Provider.Name}; readings of published cases are computed as they are imported.");
            }

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
                    Console.WriteLine("  " + p + (queue is null ? "" : "; " + Describe(queue.Progress)));
                    lastLine.Restart();
                }
            });
            var settings = new ImportSettings { NewCaseStatus = publish ? CaseStatus.Published : CaseStatus.Draft, ToolName = tool };
            var watch = Stopwatch.StartNew();
            var outcome = await scope.ServiceProvider.GetRequiredService<CaseImporter>().RunAsync(source, settings, progress, cancellationToken);
            if (queue is not null)
            {
                // Cases published earlier but never read by this model (e.g. imported with --no-inference) are read too.
                queue.EnqueueAllMissing();
                var idle = queue.WhenIdleAsync(cancellationToken);
                while (await Task.WhenAny(idle, Task.Delay(TimeSpan.FromSeconds(2), cancellationToken)) != idle)
                {
                    Console.WriteLine("  waiting for the model: " + Describe(queue.Progress));
                }

                await idle;
                await stop.CancelAsync();
                try
                {
                    await worker;
                }
                catch (OperationCanceledException)
                {
                    // The queue's loop ends by cancellation once everything is read.
                }

                var p = queue.Progress;
                Console.WriteLine(
                    $"Inference: {p.ComputedSinceStart} readings computed, {p.FailedSinceStart} failed; import and inference {watch.Elapsed.TotalSeconds:0.0} s"
                    + (p.LastProblem is { } problem ? $"; last problem: {problem}" : "")
                    + (publish ? "" : " (new cases are drafts: the model reads a case when it is published; --publish to read them now)"));
            }

            return outcome.Failed == 0 && (queue?.Progress.FailedSinceStart ?? 0) == 0 ? 0 : 1;
        }
        finally
        {
            models?.Dispose();
        }
    }

    private static string Describe(PredictionProgress p) => $"model readings: {p.ComputedSinceStart} computed, {p.FailedSinceStart} failed{(p.Busy ? ", working" : "")}";

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
