using System.CommandLine;
using BoneTumorTutor.Cli;

// `btt`: the command-line side of BoneTumorTutor. Each feature contributes one command group.
var root = new RootCommand("BoneTumorTutor command line: content, import, model and statistics tools.")
{
    ContentCommands.Create(),
    ImportCommands.Create(),
    UserCommands.Create(),
    StatsCommands.Create(),
    ModelCommands.Create(),
};

return await root.Parse(args).InvokeAsync();
