using System.CommandLine;
using BoneTumorTutor.Content;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Cli;

/// <summary>`btt content validate|sync`: check the case library and load it into the database.</summary>
internal static class ContentCommands
{
    public static Command Create()
    {
        var validate = new Command("validate", "Check every case under content/cases; prints each problem as file:line: message.")
        {
            CliServices.ContentOption,
        };
        validate.SetAction(result =>
        {
            var paths = CliServices.Paths(result);
            var read = ContentFolder.Read(paths.ContentDirectory);
            foreach (var problem in read.Problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.WriteLine($"{read.Cases.Count} of {read.FoldersSeen} cases are valid in {paths.ContentDirectory}.");
            return read.Problems.Count == 0 ? 0 : 1;
        });

        var force = new Option<bool>("--force")
        {
            Description = "Let the files overwrite cases an educator has edited in the app (otherwise those are kept, with a warning).",
        };
        var sync = new Command("sync", "Sync content/ into the database: adds and updates cases, skips broken ones, deletes nothing.")
        {
            CliServices.ContentOption, CliServices.DataOption, CliServices.ConnectionOption, force,
        };
        sync.SetAction(async (result, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(result, cancellationToken);
            using var scope = services.CreateScope();
            var report = await scope.ServiceProvider.GetRequiredService<ContentSync>()
                .SyncAsync(CliServices.Paths(result).ContentDirectory, result.GetValue(force), cancellationToken);
            foreach (var problem in report.Problems)
            {
                Console.Error.WriteLine(problem);
            }

            foreach (var slug in report.KeptAppEdits)
            {
                Console.Error.WriteLine($"cases/{slug}: edited in the app; the files were not applied (use --force to overwrite, or export the case first)");
            }

            Console.WriteLine($"Content sync: {report}.");
            return report.Problems.Count == 0 ? 0 : 1;
        });

        var directory = new Argument<string>("DIR") { Description = "Folder to write cases/<slug>/ into (created if missing)." };
        var caseOption = new Option<string?>("--case") { Description = "Export only the case with this id (slug)." };
        var export = new Command("export", "Write cases from the database to DIR/cases/<slug>/ (case.md + image), the format sync reads.")
        {
            directory, caseOption, CliServices.DataOption, CliServices.ConnectionOption,
        };
        export.SetAction(async (result, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(result, cancellationToken);
            using var scope = services.CreateScope();
            int? caseId = null;
            if (result.GetValue(caseOption) is { } slug)
            {
                caseId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Cases
                    .Where(c => c.Slug == slug).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
                if (caseId is null)
                {
                    Console.Error.WriteLine($"No case with id '{slug}'.");
                    return 1;
                }
            }

            var target = Path.GetFullPath(result.GetValue(directory)!);
            var written = await scope.ServiceProvider.GetRequiredService<CaseExport>().ToFolderAsync(target, caseId, cancellationToken);
            Console.WriteLine($"Exported {written.Count} case(s) to {Path.Combine(target, ContentFolder.CasesFolder)}.");
            return 0;
        });

        return new Command("content", "The case library under content/.") { validate, sync, export };
    }
}
