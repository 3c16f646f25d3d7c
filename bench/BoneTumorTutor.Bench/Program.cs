using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// `model-latency`: the ONNX model's per-image latency (bench/model_latency.sh compares it with PyTorch).
if (args.Length > 0 && args[0] == "model-latency")
{
    return BoneTumorTutor.Bench.ModelLatency.Run(args[1..]);
}

// `pipeline`: the per-case model pipeline on real BTXRD radiographs, stage by stage, and the background job's
// throughput (bench/pipeline.sh): dotnet run -c Release --project bench/BoneTumorTutor.Bench -- pipeline [--data ../shared/data/btxrd]
if (args.Length > 0 && args[0] == "pipeline")
{
    return await BoneTumorTutor.Bench.PipelineBench.RunAsync(args[1..]);
}

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
return 0;

/// <summary>Entry point; also finds the checkout for the model-latency mode.</summary>
internal partial class Program
{
    internal static string? FindRepositoryRoot()
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
}
