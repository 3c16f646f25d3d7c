using System.CommandLine;
using System.Globalization;
using BoneTumorTutor.Cli.Stats;

namespace BoneTumorTutor.Cli;

/// <summary>`btt stats ...`: ROC/DeLong and MRMC analyses of CSV files.</summary>
internal static class StatsCommands
{
    // Exit code for input the commands cannot use (bad CSV, unbalanced design); 1 stays System.CommandLine's for bad arguments.
    public const int InputError = 2;

    public static Command Create() => new("stats", "Statistics: DeLong ROC comparisons and Obuchowski–Rockette MRMC analysis.")
    {
        DeLongCommand.Create(),
        MrmcCommand.Create(),
    };

    // Runs one command's work: its text goes to stdout; input errors go to stderr as one clear line.
    internal static int Report(ParseResult parse, Func<string> run)
    {
        try
        {
            parse.InvocationConfiguration.Output.WriteLine(run());
            return 0;
        }
        catch (StatsInputException e)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return InputError;
        }
    }

    internal static string FormatP(double p) => p < 0.0001 ? "< 0.0001" : p.ToString("F4", CultureInfo.InvariantCulture);
}
