using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Cli;
using BoneTumorTutor.Cli.Model;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Tests.Inference;

namespace BoneTumorTutor.Tests.Cli.Model;

/// <summary>`btt model info|evaluate`: agreement with the Python evaluation, localisation maths, and bad input.</summary>
public sealed class ModelCommandsTests : IDisposable
{
    private static readonly string ModelPath = Path.Combine(TestFiles.RepositoryRoot, "models", "btt-os-gct.onnx");
    private static readonly string Btxrd = Path.Combine(TestFiles.SharedRoot, "data", "btxrd");
    private static readonly string TestIds = Path.Combine(TestFiles.RepositoryRoot, "models", "training", "splits", "internal_test_ids.txt");

    private readonly string _folder = TestFiles.CreateTempDirectory("btt-model-cli");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// Issue 7's bar: on the internal test split the C# evaluation (ONNX Runtime) agrees with the Python one (PyTorch,
    /// models/training/eval_shipped.py, whose figures evaluate_reference.json holds) to 1e-4 AUC; the localisation
    /// figures agree too.
    /// </summary>
    [Fact]
    public void Evaluate_on_the_internal_test_agrees_with_the_Python_evaluation()
    {
        if (!File.Exists(Path.Combine(Btxrd, "metadata.csv")))
        {
            Assert.False(TestFiles.IsCi, $"{Btxrd} is missing; CI must have ../shared.");
            Assert.Skip($"{Btxrd} is not here (../shared not present).");
        }

        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(TestFiles.RepositoryRoot, "tests", "BoneTumorTutor.Tests", "Cli", "Model", "evaluate_reference.json")))!;
        var (exit, output, error) = Btt("model", "evaluate", "--data", Btxrd, "--ids", TestIds, "--model", ModelPath, "--provider", "cpu", "--json");

        Assert.True(exit == 0, error);
        var r = JsonNode.Parse(output)!;
        Assert.Equal(
            ["n", "n_os", "n_gct", "auc", "auc_ci95", "sensitivity", "specificity", "threshold", "cam_pointing_game", "cam_energy_in_mask", "cam_chance", "provider", "ms_per_image"],
            r.AsObject().Select(p => p.Key).Take(13));
        Assert.Equal(reference["sha256"]!.GetValue<string>(), r["sha256"]!.GetValue<string>());
        foreach (var key in new[] { "n", "n_os", "n_gct", "n_localisation" })
        {
            Assert.Equal(reference[key]!.GetValue<int>(), r[key]!.GetValue<int>());
        }

        Assert.Equal(reference["auc"]!.GetValue<double>(), r["auc"]!.GetValue<double>(), 1e-4);
        Assert.Equal(reference["auc_ci95"]![0]!.GetValue<double>(), r["auc_ci95"]![0]!.GetValue<double>(), 1e-4);
        Assert.Equal(reference["auc_ci95"]![1]!.GetValue<double>(), r["auc_ci95"]![1]!.GetValue<double>(), 1e-4);
        Assert.Equal(reference["sensitivity"]!.GetValue<double>(), r["sensitivity"]!.GetValue<double>(), 1e-12);
        Assert.Equal(reference["specificity"]!.GetValue<double>(), r["specificity"]!.GetValue<double>(), 1e-12);
        Assert.Equal(reference["threshold"]!.GetValue<double>(), r["threshold"]!.GetValue<double>(), 1e-12);
        Assert.Equal(reference["cam_pointing_game"]!.GetValue<double>(), r["cam_pointing_game"]!.GetValue<double>(), 1e-12);
        Assert.Equal(reference["cam_energy_in_mask"]!.GetValue<double>(), r["cam_energy_in_mask"]!.GetValue<double>(), 1e-5);
        Assert.Equal(reference["cam_chance"]!.GetValue<double>(), r["cam_chance"]!.GetValue<double>(), 1e-12);
        Assert.Equal("CPU", r["provider"]!.GetValue<string>());
        Assert.True(r["ms_per_image"]!.GetValue<double>() > 0);
        Assert.Equal(73, r["boxes"]!["from_mask"]!.GetValue<int>());
    }

    [Fact]
    public void Info_describes_the_shipped_model()
    {
        var (exit, output, error) = Btt("model", "info", "--model", ModelPath, "--provider", "cpu", "--json");

        Assert.True(exit == 0, error);
        var info = JsonNode.Parse(output)!;
        var card = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(ModelPath, ".json")))!;
        Assert.Equal("btt-os-gct", info["name"]!.GetValue<string>());
        Assert.Equal(card["sha256"]!.GetValue<string>(), info["sha256"]!.GetValue<string>());
        Assert.Equal(1, info["contract_version"]!.GetValue<int>());
        Assert.Equal(["image"], info["inputs"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
        Assert.Equal("[null,1,128,128]", info["inputs"]![0]!["shape"]!.ToJsonString());
        Assert.Equal(["cam", "embedding", "logits"], info["outputs"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).Order());
        Assert.Equal("CPU", info["provider"]!.GetValue<string>());
        Assert.Equal(card["internal_test"]!["image"]!["auc"]!.GetValue<double>(), info["metrics"]!["internal_test_auc"]!.GetValue<double>());
    }

    [Fact]
    public void Evaluate_takes_the_box_from_roi_columns_else_the_whole_image()
    {
        var rows = new List<string> { "image_id,label,image_file,roi_x,roi_y,roi_w,roi_h" };
        for (var i = 0; i < 6; i++)
        {
            File.WriteAllBytes(Path.Combine(_folder, $"i{i}.png"), TestFiles.Png(120, 100, seed: i));
            var label = i % 2 == 0 ? "osteosarcoma" : "giant cell tumor";
            rows.Add(i < 4 ? $"c{i},{label},i{i}.png,{10 + i},{20},{40},{30}" : $"c{i},{label},i{i}.png,,,,");
        }

        rows.Add("n0,normal,i0.png,,,,");
        File.WriteAllLines(Path.Combine(_folder, "metadata.csv"), rows);

        var (exit, output, error) = Btt("model", "evaluate", "--data", _folder, "--model", ModelPath, "--provider", "cpu", "--json");

        Assert.True(exit == 0, error);
        var r = JsonNode.Parse(output)!;
        Assert.Equal(6, r["n"]!.GetValue<int>());
        Assert.Equal(3, r["n_os"]!.GetValue<int>());
        Assert.Equal(4, r["boxes"]!["from_roi"]!.GetValue<int>());
        Assert.Equal(2, r["boxes"]!["whole_image"]!.GetValue<int>());
        Assert.Equal(1, r["rows_other_labels"]!.GetValue<int>());
        Assert.Null(r["cam_pointing_game"]);
        Assert.InRange(r["auc"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public void Localisation_follows_the_contract()
    {
        // A 4×4 CAM of the called class (OS) with its only heat in cell (row 1, col 2), on a crop square of side 64
        // centred at (100, 80) of a 256 frame: cell (1, 2) is centred at frame (68 + 2.5·16, 48 + 1.5·16) = (108, 72).
        var cam = new float[32];
        cam[16 + (1 * 4) + 2] = 2f;
        var reading = new CasePrediction
        {
            ModelSha256 = "x",
            Call = Diagnosis.Osteosarcoma,
            CamHeight = 4,
            CamWidth = 4,
            Cam = MemoryMarshal.AsBytes(cam.AsSpan()).ToArray(),
            CropCenterX = 100,
            CropCenterY = 80,
            CropSide = 64,
            FrameSize = 256,
        };
        var mask = new bool[256 * 256];
        for (var y = 70; y < 74; y++)
        {
            for (var x = 106; x < 110; x++)
            {
                mask[(y * 256) + x] = true;
            }
        }

        mask[0] = true; // outside the crop: not part of the chance level
        var hit = ModelEvaluation.Localise(reading, mask, 256);
        Assert.True(hit.Hit);
        Assert.Equal(16.0 / (64 * 64), hit.Chance, 12);
        var heat = Heatmap.Raw(reading, 256, 256);
        var inside = 0.0;
        for (var i = 0; i < heat.Length; i++)
        {
            inside += mask[i] ? heat[i] : 0;
        }

        Assert.Equal(inside / heat.Sum(), hit.EnergyInMask, 12);
        Assert.InRange(hit.EnergyInMask, 0.01, 0.5);

        // The mask moved away from the peak: a miss, less energy.
        var moved = new bool[256 * 256];
        moved[(40 * 256) + 40] = true;
        var miss = ModelEvaluation.Localise(reading, moved, 256);
        Assert.False(miss.Hit);
        Assert.Equal(0, miss.EnergyInMask);

        // An all-zero map is a miss with no energy.
        reading.Cam = new byte[32 * sizeof(float)];
        Assert.Equal(new Localisation(false, 0, 16.0 / (64 * 64)), ModelEvaluation.Localise(reading, mask, 256));
    }

    [Fact]
    public void A_missing_folder_or_metadata_file_is_a_clear_error()
    {
        AssertInputError(["model", "evaluate", "--data", Path.Combine(_folder, "nope"), "--model", ModelPath, "--provider", "cpu"], "no such folder");
        AssertInputError(["model", "evaluate", "--data", _folder, "--model", ModelPath, "--provider", "cpu"], "metadata.csv", "file not found");
    }

    [Fact]
    public void Wrong_columns_are_a_clear_error()
    {
        File.WriteAllLines(Path.Combine(_folder, "metadata.csv"), ["id,diagnosis,image_file", "a,osteosarcoma,a.png"]);
        AssertInputError(["model", "evaluate", "--data", _folder, "--model", ModelPath, "--provider", "cpu"], "missing column(s) image_id, label", "the header has: id, diagnosis, image_file");
    }

    [Fact]
    public void A_missing_image_or_an_unknown_id_is_a_clear_error()
    {
        File.WriteAllBytes(Path.Combine(_folder, "a.png"), TestFiles.Png(64, 64));
        File.WriteAllLines(Path.Combine(_folder, "metadata.csv"), ["image_id,label,image_file", "a,osteosarcoma,a.png", "b,giant cell tumor,missing.png"]);
        AssertInputError(["model", "evaluate", "--data", _folder, "--model", ModelPath, "--provider", "cpu"], "line 3 (b)", "file not found: missing.png");

        var ids = Path.Combine(_folder, "ids.txt");
        File.WriteAllLines(ids, ["# ids", "a", "zzz"]);
        AssertInputError(["model", "evaluate", "--data", _folder, "--ids", ids, "--model", ModelPath, "--provider", "cpu"], "1 id(s) name no osteosarcoma or giant cell tumor row", "zzz");
    }

    [Fact]
    public void A_path_outside_the_folder_or_an_empty_mask_is_a_clear_error()
    {
        File.WriteAllLines(Path.Combine(_folder, "metadata.csv"), ["image_id,label,image_file", "a,osteosarcoma,../../etc/passwd"]);
        AssertInputError(["model", "evaluate", "--data", _folder, "--model", ModelPath, "--provider", "cpu"], "leaves the data folder");

        File.WriteAllBytes(Path.Combine(_folder, "a.png"), TestFiles.Png(64, 64));
        File.WriteAllBytes(Path.Combine(_folder, "m.png"), BlackPng(64, 64));
        File.WriteAllLines(Path.Combine(_folder, "metadata.csv"), ["image_id,label,image_file,mask_file", "a,osteosarcoma,a.png,m.png"]);
        AssertInputError(["model", "evaluate", "--data", _folder, "--model", ModelPath, "--provider", "cpu"], "is empty (no pixel above 127)");
    }

    [Fact]
    public void A_model_that_does_not_follow_the_contract_is_a_clear_error()
    {
        var onnx = Path.Combine(_folder, "bad.onnx");
        File.WriteAllBytes(onnx, InferenceTests.Fixture("missing_cam"));
        AssertInputError(["model", "info", "--model", onnx, "--provider", "cpu"], "no card (bad.json)");

        File.WriteAllText(Path.ChangeExtension(onnx, ".json"), InferenceTests.TinyCard("bad"));
        AssertInputError(["model", "info", "--model", onnx, "--provider", "cpu"], "does not follow the contract", "lacks the output(s) cam");
        AssertInputError(["model", "evaluate", "--data", _folder, "--model", onnx, "--provider", "cpu"], "does not follow the contract");
        AssertInputError(["model", "info", "--model", Path.Combine(_folder, "none.onnx")], "model file not found");
    }

    private static byte[] BlackPng(int width, int height)
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.L8>(width, height);
        using var stream = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, stream);
        return stream.ToArray();
    }

    private static (int Exit, string Output, string Error) Btt(params string[] args)
    {
        var root = new RootCommand { ModelCommands.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private static void AssertInputError(string[] args, params string[] expected)
    {
        var (exit, output, error) = Btt(args);

        Assert.Equal(StatsCommands.InputError, exit);
        Assert.Equal("", output);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.Contains(text, error, StringComparison.Ordinal);
        }
    }
}
