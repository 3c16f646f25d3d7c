using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Benchmarks of the statistics engine. Pick with BenchmarkDotNet's usual arguments, e.g.
//   dotnet run -c Release --project bench/BoneTumorTutor.Bench -- --filter '*Mrmc*'
//   dotnet run -c Release --project bench/BoneTumorTutor.Bench -- --filter '*' --job short
// Results go to bench/results (ignored by git) when run from inside the repository.
var config = DefaultConfig.Instance;
if (FindRepositoryRoot() is { } root)
{
    config = config.WithArtifactsPath(Path.Combine(root, "bench", "results"));
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

static string? FindRepositoryRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "BoneTumorTutor.sln")))
        {
            return dir.FullName;
        }
    }

    return null;
}
