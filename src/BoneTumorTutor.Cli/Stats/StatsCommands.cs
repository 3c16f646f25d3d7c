using System.CommandLine;

namespace BoneTumorTutor.Cli;

/// <summary>`btt stats ...`: ROC/DeLong and MRMC analyses of CSV files.</summary>
internal static class StatsCommands
{
    public static Command Create() => new("stats", "Statistics: DeLong ROC comparisons and Obuchowski–Rockette MRMC analysis.");
}
