using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BoneTumorTutor.Inference;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace BoneTumorTutor.Bench;

/// <summary>
/// Per-image latency of a model through ONNX Runtime from C#, the counterpart of bench/model_pytorch_bench.py (same
/// inputs: fixed random tensors of the card's input size; same timing: warm-up, then runs for a few seconds, median).
///   dotnet run -c Release --project bench/BoneTumorTutor.Bench -- model-latency [--model models/NAME.onnx] [--seconds 3] [--threads 2] [--batches 1,8]
/// Prints one JSON line per batch size for the bare session (runtime "onnxruntime-csharp") and one for the app's
/// batch-1 path OnnxModel.Run (runtime "onnxruntime-csharp-app": tensor wrapping, output copies, softmax).
/// The session is made by the app's SessionOptionsFactory (CPU) with the given intra-op threads.
/// </summary>
internal static class ModelLatency
{
    public static int Run(string[] args)
    {
        string? model = null;
        var seconds = 3.0;
        var threads = 2;
        var batches = new[] { 1, 8 };
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--model": model = value; break;
                case "--seconds": seconds = double.Parse(value, CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--batches": batches = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray(); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }

            i++;
        }

        model ??= Path.Combine(Program.FindRepositoryRoot() ?? ".", "models", "btt-os-gct.onnx");
        var onnx = File.ReadAllBytes(model);
        var card = File.ReadAllText(Path.ChangeExtension(model, ".json"));
        var sessions = new SessionOptionsFactory(NullLogger.Instance, preferCuda: false) { IntraOpThreads = threads };
        using var app = OnnxModel.Load(onnx, card, sessions);
        var s = app.Card.Preprocessing.InputSize;

        var (options, _) = sessions.Create();
        using var session = new InferenceSession(onnx, options);
        options.Dispose();
        var random = new Random(0);
        foreach (var b in batches)
        {
            var inputs = new List<OrtValue>();
            var names = new List<string>();
            foreach (var (name, meta) in session.InputMetadata)
            {
                long[] shape = name == "clinical" ? [b, meta.Dimensions[1]] : [b, 1, s, s];
                var data = new float[shape.Aggregate(1L, (x, y) => x * y)];
                for (var k = 0; k < data.Length; k++)
                {
                    data[k] = name == "clinical" ? random.NextSingle() : (float)Normal(random);
                }

                inputs.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
                names.Add(name);
            }

            using var runOptions = new RunOptions();
            var outputNames = session.OutputNames.ToArray();
            void Once()
            {
                using var outputs = session.Run(runOptions, names, inputs, outputNames);
            }

            Report("onnxruntime-csharp", b, Time(Once, seconds), threads, model);
            foreach (var v in inputs)
            {
                v.Dispose();
            }
        }

        if (batches.Contains(1))
        {
            var image = new float[s * s];
            for (var k = 0; k < image.Length; k++)
            {
                image[k] = (float)Normal(random);
            }

            var input = new ModelInput(image, app.Card.Preprocessing.ContextScale is null ? null : image, [0.3f, 1, 1, 0], new CropSquare(128, 128, 64));
            Report("onnxruntime-csharp-app", 1, Time(() => app.Run(input), seconds), threads, model);
        }

        return 0;
    }

    private static List<double> Time(Action run, double seconds)
    {
        for (var i = 0; i < 5; i++)
        {
            run();
        }

        var times = new List<double>();
        var end = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < end || times.Count < 10)
        {
            var t0 = Stopwatch.GetTimestamp();
            run();
            times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }

        return times;
    }

    private static void Report(string runtime, int batch, List<double> times, int threads, string model)
    {
        var sorted = times.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["runtime"] = runtime,
            ["batch"] = batch,
            ["ms_per_image"] = median / batch,
            ["ms_per_batch_median"] = median,
            ["ms_per_batch_mean"] = times.Average(),
            ["iterations"] = n,
            ["threads"] = threads,
            ["model"] = Path.GetFileName(model),
            ["onnxruntime"] = typeof(InferenceSession).Assembly.GetName().Version?.ToString() ?? "?",
        }));
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
