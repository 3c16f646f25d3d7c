using System.Diagnostics;
using System.Text.Json.Nodes;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneTumorTutor.Tests.Model;

/// <summary>
/// The training recipe still runs end to end (a tiny net for one epoch per phase on a few real radiographs, ONNX
/// export with the ONNX checker, PyTorch reference outputs), and its export and the committed model's card both
/// follow the model contract in models/README.md. Needs Debian's PyTorch (/usr/bin/python3); skips without it,
/// except in CI.
/// </summary>
public sealed class TrainingSmokeTests
{
    private const string Python = "/usr/bin/python3";

    [Theory]
    [InlineData("image only", "{}")]
    [InlineData("with a context crop", """{"pp": {"context_scale": 2.0}}""")]
    public async Task The_Training_Recipe_Runs_And_Exports_A_Model_That_ONNX_Runtime_Runs_Like_PyTorch(string variant, string overrides)
    {
        var reason = await MissingPyTorchAsync();
        if (reason is not null && TestFiles.IsCi)
        {
            Assert.Fail("CI=true but " + reason);
        }

        Assert.SkipWhen(reason is not null, reason ?? "");
        Assert.SkipUnless(Directory.Exists(Path.Combine(TestFiles.SharedRoot, "data", "btxrd")), "the BTXRD data is not next to the checkout (../shared/data/btxrd)");

        var output = TestFiles.CreateTempDirectory("btt-smoke");
        try
        {
            var (exit, log) = await RunAsync(Path.Combine(TestFiles.RepositoryRoot, "models", "training", "train.py"), "--smoke", "--out", output, "--set", overrides);

            Assert.True(exit == 0, $"train.py --smoke ({variant}) failed:\n" + log);
            Assert.Contains("smoke done", log, StringComparison.Ordinal);
            var onnx = new FileInfo(Path.Combine(output, "smoke.onnx"));
            Assert.True(onnx.Exists && onnx.Length > 1024, "no ONNX file was exported");
            var cardJson = await File.ReadAllTextAsync(Path.Combine(output, "smoke.json"));
            AssertFollowsContract(JsonNode.Parse(cardJson)!);
            var reference = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "reference.json")))!;
            var items = reference["items"]!.AsArray();
            Assert.NotEmpty(items);

            // The app's loader accepts the export, and ONNX Runtime, fed by the app's own preprocessing, gives what
            // PyTorch gave (reference.py: outputs of the exported wrapper, Grad-CAM from autograd hooks).
            using var model = OnnxModel.Load(await File.ReadAllBytesAsync(onnx.FullName), cardJson, new SessionOptionsFactory(NullLogger.Instance, preferCuda: false));
            var pp = model.Card.Preprocessing;
            Assert.Equal(overrides.Contains("context_scale"), pp.ContextScale is not null);
            foreach (var item in items)
            {
                var id = (string)item!["id"]!;
                var frame = Preprocessor.LoadFrame(await File.ReadAllBytesAsync((string)item["image"]!), pp.FrameSize);
                var b = item["box"]!.AsArray().Select(v => (int)(double)v!).ToArray();
                var input = Preprocessor.Prepare(frame, new LesionBox(b[0], b[1], b[2], b[3]), pp, 30, Sex.Female, "distal femur");
                Assert.True(MaxDifference(item["input"]!, input.Image) < 2e-6, $"{id}: the image crop differs from Python's");
                if (pp.ContextScale is not null)
                {
                    Assert.True(MaxDifference(item["context"]!, input.Context!) < 2e-6, $"{id}: the context crop differs from Python's");
                }

                var result = model.Run(input);
                Assert.True(MaxDifference(item["logits"]!, result.Logits) < 1e-4, $"{id}: logits differ from PyTorch's");
                Assert.True(MaxDifference(item["embedding"]!, result.Embedding) < 1e-4, $"{id}: embedding differs from PyTorch's");
                Assert.True(MaxDifference(item["gradcam"]![0]!, result.CamGct) < 1e-4, $"{id}: GCT CAM differs from PyTorch's Grad-CAM");
                Assert.True(MaxDifference(item["gradcam"]![1]!, result.CamOs) < 1e-4, $"{id}: OS CAM differs from PyTorch's Grad-CAM");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    /// <summary>Largest absolute difference between a (possibly nested) JSON number array and a flat vector.</summary>
    private static double MaxDifference(JsonNode expected, float[] actual)
    {
        var flat = Flatten(expected).ToArray();
        Assert.Equal(flat.Length, actual.Length);
        return flat.Select((v, i) => Math.Abs(v - actual[i])).Max();
    }

    private static IEnumerable<double> Flatten(JsonNode node) =>
        node is JsonArray array ? array.SelectMany(n => Flatten(n!)) : [(double)node];

    [Fact]
    public async Task The_Committed_Model_Card_Follows_The_Contract()
    {
        var models = Path.Combine(TestFiles.RepositoryRoot, "models");
        foreach (var card in Directory.GetFiles(models, "*.json"))
        {
            Assert.True(File.Exists(Path.ChangeExtension(card, ".onnx")), $"{Path.GetFileName(card)} has no ONNX file beside it");
            AssertFollowsContract(JsonNode.Parse(await File.ReadAllTextAsync(card))!);
        }
    }

    [Fact]
    public async Task The_Committed_Model_Cards_Markdown_Is_What_Its_Json_Renders_To()
    {
        // card_md.py needs only Python's standard library, not PyTorch.
        if (!File.Exists(Python))
        {
            Assert.SkipWhen(!TestFiles.IsCi, $"{Python} is missing");
            Assert.Fail($"CI=true but {Python} is missing");
        }

        var cards = Directory.GetFiles(Path.Combine(TestFiles.RepositoryRoot, "models"), "*.json");
        Assert.NotEmpty(cards);
        foreach (var card in cards)
        {
            var (exit, log) = await RunAsync(Path.Combine(TestFiles.RepositoryRoot, "models", "training", "card_md.py"), card, "--check");
            Assert.True(exit == 0, $"{Path.GetFileName(card)}: {log}");
        }
    }

    /// <summary>Inputs and outputs as models/README.md says: names, ranks, fixed sizes, a dynamic batch dimension.</summary>
    private static void AssertFollowsContract(JsonNode card)
    {
        Assert.Equal(1, (int)card["contract_version"]!);
        var size = (int)card["preprocessing"]!["input_size"]!;
        var inputs = card["inputs"]!.AsObject();
        Assert.Subset(new HashSet<string> { "image", "context", "clinical" }, inputs.Select(i => i.Key).ToHashSet());
        Assert.Equal(new int?[] { null, 1, size, size }, Shape(inputs["image"]!));
        var outputs = card["outputs"]!.AsObject();
        Assert.Equal(new[] { "cam", "embedding", "logits" }, outputs.Select(o => o.Key).Order());
        Assert.Equal(new int?[] { null, 2 }, Shape(outputs["logits"]!));
        var cam = Shape(outputs["cam"]!);
        Assert.Equal(4, cam.Length);
        Assert.Equal(new int?[] { null, 2 }, cam[..2]);
        Assert.True(cam[2] > 0 && cam[3] > 0);
        var embedding = Shape(outputs["embedding"]!);
        Assert.Equal(2, embedding.Length);
        Assert.Null(embedding[0]);
        Assert.True(embedding[1] > 0);
        var classes = card["classes"]!.AsArray().Select(c => (string?)c).ToArray();
        Assert.Equal(new[] { "giant-cell-tumor", "osteosarcoma" }, classes);
        Assert.Equal(1, (int)card["positive_class_index"]!);
    }

    private static int?[] Shape(JsonNode node) => node.AsArray().Select(d => d is null ? (int?)null : (int)d).ToArray();

    private static async Task<string?> MissingPyTorchAsync()
    {
        if (!File.Exists(Python))
        {
            return $"{Python} is missing (apt-get install python3-torch python3-torchvision python3-onnx)";
        }

        var (exit, log) = await RunAsync("-c", "import torch, torchvision, onnx, numpy, PIL, sklearn");
        return exit == 0 ? null : $"Debian's PyTorch stack is not importable by {Python}: {log.Trim()}";
    }

    private static async Task<(int Exit, string Log)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = TestFiles.RepositoryRoot };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 5 minutes\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
