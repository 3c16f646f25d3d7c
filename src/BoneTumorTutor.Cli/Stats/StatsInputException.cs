namespace BoneTumorTutor.Cli.Stats;

// Input the stats commands cannot use: reported on stderr with exit code 2, never as a stack trace.
internal sealed class StatsInputException(string message) : Exception(message);
