using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneTumorTutor.Tests.Inference;

/// <summary>Shared by the tests: the development model loaded once, and the Python reference values.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture()
    {
        var models = Path.Combine(TestFiles.RepositoryRoot, "models");
        CardJson = File.ReadAllText(Path.Combine(models, "btt-os-gct.json"));
        OnnxBytes = File.ReadAllBytes(Path.Combine(models, "btt-os-gct.onnx"));
        Model = OnnxModel.Load(OnnxBytes, CardJson, new SessionOptionsFactory(NullLogger.Instance, preferCuda: false));
        Reference = JsonNode.Parse(File.ReadAllText(Path.Combine(InferenceTests.Here, "reference.json")))!.AsObject();
    }

    public string CardJson { get; }

    public byte[] OnnxBytes { get; }

    public OnnxModel Model { get; }

    public JsonObject Reference { get; }

    public void Dispose() => Model.Dispose();
}

public sealed class InferenceTests(ModelFixture fixture) : IClassFixture<ModelFixture>
{
    public static string Here => Path.Combine(TestFiles.RepositoryRoot, "tests", "BoneTumorTutor.Tests", "Inference");

    public static TheoryData<string> Items()
    {
        var data = new TheoryData<string>();
        var reference = JsonNode.Parse(File.ReadAllText(Path.Combine(Here, "reference.json")))!;
        foreach (var item in reference["items"]!.AsArray())
        {
            data.Add(item!["id"]!.GetValue<string>());
        }

        return data;
    }

    private JsonObject Item(string id) => fixture.Reference["items"]!.AsArray().First(i => i!["id"]!.GetValue<string>() == id)!.AsObject();

    private static string ImagePath(JsonObject item) => Path.GetFullPath(Path.Combine(TestFiles.RepositoryRoot, item["path"]!.GetValue<string>()));

    private static LesionBox Box(JsonObject item)
    {
        var b = item["box"]!.AsArray().Select(v => (int)v!.GetValue<double>()).ToArray();
        return new LesionBox(b[0], b[1], b[2], b[3]);
    }

    private static bool Available(JsonObject item)
    {
        if (File.Exists(ImagePath(item)))
        {
            return true;
        }

        Assert.False(TestFiles.IsCi, $"{ImagePath(item)} is missing; CI must have ../shared.");
        Assert.Skip($"{ImagePath(item)} is not here (../shared not present).");
        return false;
    }

    [Theory, MemberData(nameof(Items))]
    public void Frame_is_byte_identical_to_Pillow(string id)
    {
        var item = Item(id);
        if (!Available(item))
        {
            return;
        }

        var frame = Preprocessor.LoadFrame(File.ReadAllBytes(ImagePath(item)), 256);
        Assert.Equal(item["size_px"]![0]!.GetValue<int>(), frame.WidthPx);
        Assert.Equal(item["size_px"]![1]!.GetValue<int>(), frame.HeightPx);
        Assert.Equal(item["frame_sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(frame.Pixels)));
    }

    [Theory, MemberData(nameof(Items))]
    public void Crop_and_input_match_the_Python_reference(string id)
    {
        var item = Item(id);
        if (!Available(item))
        {
            return;
        }

        var pp = fixture.Model.Card.Preprocessing;
        var frame = Preprocessor.LoadFrame(File.ReadAllBytes(ImagePath(item)), pp.FrameSize);
        var input = Preprocessor.Prepare(frame, Box(item), pp, 30, Sex.Female, "distal femur");
        var crop = item["crop"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(crop[0], input.Crop.CenterX, 9);
        Assert.Equal(crop[1], input.Crop.CenterY, 9);
        Assert.Equal(crop[2], input.Crop.Side, 9);

        var stats = item["input_stats"]!;
        Assert.Equal(stats["mean"]!.GetValue<double>(), input.Image.Average(v => (double)v), 5);
        Assert.Equal(stats["min"]!.GetValue<double>(), input.Image.Min(), 5);
        Assert.Equal(stats["max"]!.GetValue<double>(), input.Image.Max(), 5);
        if (item["input"] is JsonArray expected)
        {
            Assert.Equal(expected.Count, input.Image.Length);
            var worst = expected.Select((v, i) => Math.Abs(v!.GetValue<double>() - input.Image[i])).Max();
            Assert.True(worst < 2e-6, $"largest difference from the Python input: {worst}");
        }
    }

    [Theory, MemberData(nameof(Items))]
    public void Model_output_matches_PyTorch_and_the_CAM_matches_Grad_CAM(string id)
    {
        var item = Item(id);
        if (!Available(item))
        {
            return;
        }

        var c = new CaseForReading(1, File.ReadAllBytes(ImagePath(item)), "x", Box(item), 30, Sex.Female, "distal femur");
        var prediction = CaseReader.Read(fixture.Model, c, DateTime.UnixEpoch)!;
        Assert.Equal(item["p_osteosarcoma"]!.GetValue<double>(), prediction.ProbabilityOs, 4);
        Assert.Equal(prediction.ProbabilityOs >= fixture.Model.Card.ThresholdPOs ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor, prediction.Call);
        Assert.Equal(item["ood_distance"]!.GetValue<double>(), prediction.OodDistance!.Value, 3);

        var embedding = prediction.EmbeddingValues();
        var expectedEmbedding = item["embedding"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.True(Correlation(expectedEmbedding, embedding.Select(v => (double)v).ToArray()) > 0.9999);

        for (var cls = 0; cls < 2; cls++)
        {
            var gradcam = item["gradcam"]![cls]!.AsArray().SelectMany(row => row!.AsArray().Select(v => v!.GetValue<double>())).ToArray();
            var cam = prediction.CamOf(cls).Select(v => (double)v).ToArray();
            Assert.Equal(gradcam.Length, cam.Length);
            if (gradcam.Max() <= 0)
            {
                Assert.True(cam.Max() < 1e-3, "Grad-CAM is all zero, so the CAM must be too");
                continue;
            }

            var r = Correlation(Normalise(gradcam), Normalise(cam));
            Assert.True(r > 0.99, $"class {cls}: correlation of CAM and Grad-CAM {r}");
        }
    }

    [Fact]
    public void Clinical_probability_follows_the_card()
    {
        var card = fixture.Model.Card;
        var features = Preprocessor.Clinical(card.Preprocessing.ClinicalFeatures, 17, Sex.Male, "distal femur");
        Assert.Equal([0.17f, 1f, 1f, 0f], features);
        var z = 1.762092470178586 + (-1.0907215732921363 * 0.17f) + (-0.3574093082944811 * 1) + (0.051210738538693616 * 1);
        Assert.Equal(1 / (1 + Math.Exp(-z)), card.ClinicalProbability(features)!.Value, 9);
    }

    [Fact]
    public void A_case_without_a_lesion_box_gets_no_reading()
    {
        var c = new CaseForReading(1, TestFiles.Png(50, 60), "x", null, 30, Sex.Female, "distal femur");
        Assert.Null(CaseReader.Read(fixture.Model, c, DateTime.UnixEpoch));
    }

    [Fact]
    public void Pillow_resize_keeps_a_flat_image_flat_and_matches_the_identity()
    {
        var flat = Enumerable.Repeat((byte)200, 384 * 480).ToArray();
        Assert.All(PillowResize.Bilinear(flat, 384, 480, 256, 256), v => Assert.Equal(200, v));
        var pattern = Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray();
        Assert.Equal(pattern, PillowResize.Bilinear(pattern, 8, 8, 8, 8));
    }

    [Fact]
    public void The_session_falls_back_to_CPU_when_CUDA_cannot_be_appended()
    {
        var sessions = new SessionOptionsFactory(NullLogger.Instance) { TryCuda = _ => throw new DllNotFoundException("libcudart.so.12: cannot open shared object file") };
        using var model = OnnxModel.Load(fixture.OnnxBytes, fixture.CardJson, sessions);
        Assert.Equal("CPU", model.Provider.Name);
        Assert.Contains("libcudart", model.Provider.Note);
        var c = new CaseForReading(1, TestFiles.Png(200, 240, 3), "x", new LesionBox(40, 50, 60, 70), 30, Sex.Female, "distal femur");
        Assert.InRange(CaseReader.Read(model, c, DateTime.UnixEpoch)!.ProbabilityOs, 0, 1);
    }

    [Fact]
    public void The_real_provider_choice_runs_the_model()
    {
        // CUDA on a machine with a GPU and its libraries, CPU elsewhere; either way the model runs.
        using var model = OnnxModel.Load(fixture.OnnxBytes, fixture.CardJson, new SessionOptionsFactory(NullLogger.Instance));
        Assert.Contains(model.Provider.Name, new[] { "CUDA", "CPU" });
        var c = new CaseForReading(1, TestFiles.Png(200, 240, 3), "x", new LesionBox(40, 50, 60, 70), 30, Sex.Female, "distal femur");
        Assert.InRange(CaseReader.Read(model, c, DateTime.UnixEpoch)!.ProbabilityOs, 0, 1);
    }

    public static string TinyCard(string name = "tiny", string? sha = null) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["name"] = name,
        ["contract_version"] = 1,
        ["classes"] = new[] { "giant-cell-tumor", "osteosarcoma" },
        ["preprocessing"] = new Dictionary<string, object>
        {
            ["frame_size"] = 256, ["crop_margin"] = 0.25, ["min_crop_side"] = 32, ["input_size"] = 128, ["mean"] = 0.5, ["std"] = 0.25,
            ["clinical_features"] = new[] { "age_years_div_100", "sex_male", "site_femur", "site_tibia" },
        },
        ["threshold"] = new Dictionary<string, object> { ["p_os"] = 0.5 },
        ["sha256"] = sha,
    });

    public static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Here, name + ".onnx"));

    [Theory]
    [InlineData("wrong_input_name", "inputs the contract does not allow: x")]
    [InlineData("missing_cam", "lacks the output(s) cam")]
    [InlineData("wrong_input_size", "[N, 1, 128, 128]")]
    public void A_model_with_the_wrong_inputs_or_outputs_is_refused(string file, string message)
    {
        var ex = Assert.Throws<ModelRejectedException>(() => OnnxModel.Load(Fixture(file), TinyCard(), new SessionOptionsFactory(NullLogger.Instance, false)));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void A_file_that_is_not_ONNX_is_refused()
    {
        var ex = Assert.Throws<ModelRejectedException>(() => OnnxModel.Load("not a model at all"u8.ToArray(), TinyCard(), new SessionOptionsFactory(NullLogger.Instance, false)));
        Assert.Contains("not a loadable ONNX model", ex.Message);
    }

    [Fact]
    public void A_truncated_model_is_refused_by_its_card_hash_and_by_ONNX_Runtime()
    {
        var truncated = fixture.OnnxBytes[..(fixture.OnnxBytes.Length / 2)];
        var byHash = Assert.Throws<ModelRejectedException>(() => OnnxModel.Load(truncated, fixture.CardJson, new SessionOptionsFactory(NullLogger.Instance, false)));
        Assert.Contains("damaged or truncated", byHash.Message);

        var card = JsonNode.Parse(fixture.CardJson)!.AsObject();
        card.Remove("sha256");
        var byRuntime = Assert.Throws<ModelRejectedException>(() => OnnxModel.Load(truncated, card.ToJsonString(), new SessionOptionsFactory(NullLogger.Instance, false)));
        Assert.Contains("not a loadable ONNX model", byRuntime.Message);
    }

    [Fact]
    public void A_tiny_conforming_model_loads()
    {
        using var model = OnnxModel.Load(Fixture("tiny_conforming"), TinyCard(), new SessionOptionsFactory(NullLogger.Instance, false));
        Assert.Equal((4, 4, 8), (model.CamHeight, model.CamWidth, model.EmbeddingSize));
    }

    [Fact]
    public void The_host_keeps_the_previous_model_when_activation_fails()
    {
        var root = TestFiles.CreateTempDirectory("btt-models");
        try
        {
            var models = Directory.CreateDirectory(Path.Combine(root, "models")).FullName;
            File.WriteAllBytes(Path.Combine(models, "good.onnx"), Fixture("tiny_conforming"));
            File.WriteAllText(Path.Combine(models, "good.json"), TinyCard("good"));
            File.WriteAllBytes(Path.Combine(models, "bad.onnx"), Fixture("missing_cam"));
            File.WriteAllText(Path.Combine(models, "bad.json"), TinyCard("bad"));
            var paths = new AppPaths(Path.Combine(root, "data"), Path.Combine(root, "content"), models);
            using var host = new ModelHost(paths, new InferenceOptions { DefaultModel = "good", ExecutionProvider = "cpu" }, NullLogger<ModelHost>.Instance);
            host.LoadAtStart();
            var good = host.Current!;
            Assert.Equal("good", good.Name);
            var ex = Assert.Throws<ModelRejectedException>(() => host.Activate("bad"));
            Assert.Contains("cam", ex.Message);
            Assert.Equal(good, host.Current);
            Assert.Contains("bad", host.LastProblem);
            var listed = host.ListModels();
            Assert.True(listed.Single(m => m.Name == "good").IsActive);
            Assert.False(listed.Single(m => m.Name == "bad").Conforms);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_model_list_sees_a_file_changed_on_disk()
    {
        var root = TestFiles.CreateTempDirectory("btt-models");
        try
        {
            var models = Directory.CreateDirectory(Path.Combine(root, "models")).FullName;
            var onnx = Path.Combine(models, "m.onnx");
            File.WriteAllBytes(onnx, Fixture("tiny_conforming"));
            File.WriteAllText(Path.Combine(models, "m.json"), TinyCard("m"));
            var paths = new AppPaths(Path.Combine(root, "data"), Path.Combine(root, "content"), models);
            using var host = new ModelHost(paths, new InferenceOptions { DefaultModel = "none", ExecutionProvider = "cpu" }, NullLogger<ModelHost>.Instance);
            Assert.True(host.ListModels().Single().Conforms);
            Assert.True(host.ListModels().Single().Conforms);

            // Replaced in place by a file without the cam output: the next listing checks it again.
            File.WriteAllBytes(onnx, Fixture("missing_cam"));
            File.SetLastWriteTimeUtc(onnx, DateTime.UtcNow.AddMinutes(1));
            var broken = host.ListModels().Single();
            Assert.False(broken.Conforms);
            Assert.Contains("cam", broken.Problem);

            File.WriteAllBytes(onnx, Fixture("tiny_conforming"));
            File.SetLastWriteTimeUtc(onnx, DateTime.UtcNow.AddMinutes(2));
            Assert.True(host.ListModels().Single().Conforms);

            // A card removed beside an unchanged .onnx is noticed too.
            File.Delete(Path.Combine(models, "m.json"));
            Assert.Contains("no card", host.ListModels().Single().Problem);
            File.Delete(onnx);
            Assert.Empty(host.ListModels());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static double[] Normalise(double[] v)
    {
        var max = v.Max();
        return max > 0 ? v.Select(x => x / max).ToArray() : v;
    }

    private static double Correlation(double[] a, IReadOnlyList<double> b)
    {
        var ma = a.Average();
        var mb = b.Average();
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }
}
