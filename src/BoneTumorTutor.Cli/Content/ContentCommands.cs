using System.CommandLine;
using BoneTumorTutor.Content;
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

        var sync = new Command("sync", "Sync content/ into the database: adds and updates cases, skips broken ones, deletes nothing.")
        {
            CliServices.ContentOption, CliServices.DataOption, CliServices.ConnectionOption,
        };
        sync.SetAction(async (result, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(result, cancellationToken);
            using var scope = services.CreateScope();
            var report = await scope.ServiceProvider.GetRequiredService<ContentSync>()
                .SyncAsync(CliServices.Paths(result).ContentDirectory, cancellationToken);
            foreach (var problem in report.Problems)
            {
                Console.Error.WriteLine(problem);
            }

            Console.WriteLine($"Content sync: {report}.");
            return report.Problems.Count == 0 ? 0 : 1;
        });

        return new Command("content", "The case library under content/.") { validate, sync };
    }
}
