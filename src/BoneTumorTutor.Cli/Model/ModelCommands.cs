using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BoneTumorTutor.Cli.Model;
using BoneTumorTutor.Cli.Stats;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace BoneTumorTutor.Cli;

/// <summary>`btt model info|evaluate`: what a model file is, and how it scores on a folder of labelled radiographs.</summary>
internal static class ModelCommands
{
    public static Command Create()
    {
        return new Command("model", "The ONNX model: describe it, evaluate it on labelled radiographs.")
        {
            CreateInfo(),
            CreateEvaluate(),
        };
    }

    private static Option<string?> ModelOption() => new("--model")
    {
        Description = "The model's ONNX file (its card NAME.json beside it). Default: models/btt-os-gct.onnx of the checkout.",
    };

    private static Option<string> ProviderOption() => new("--provider")
    {
        Description = "Execution provider: auto (CUDA when available, else CPU, as the app) or cpu.",
        DefaultValueFactory = _ => "auto",
    };

    private static Option<int?> ThreadsOption() => new("--threads")
    {
        Description = "ONNX Runtime intra-op threads (default: ONNX Runtime's, one per physical core).",
    };

    private static Command CreateInfo()
    {
        var model = ModelOption();
        var provider = ProviderOption();
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var command = new Command("info", "Name, SHA-256, contract version, inputs and outputs, execution provider and the card's headline metrics.")
        {
            model, provider, json,
        };
        command.SetAction(parse => StatsCommands.Report(parse, () =>
        {
            using var loaded = Load(parse.GetValue(model), parse.GetValue(provider)!, null, out var path);
            return Info(loaded, path, parse.GetValue(json));
        }));
        return command;
    }

    private static Command CreateEvaluate()
    {
        var data = new Option<string>("--data")
        {
            Description = "Folder with metadata.csv (image_id, label, image_file; optional mask_file, roi_x/roi_y/roi_w/roi_h, age, gender, femur, tibia) and the files it names.",
            Required = true,
        };
        var model = ModelOption();
        var ids = new Option<string?>("--ids")
        {
            Description = "Evaluate only these ids (one a line, '#' comments; image_id or its file stem), e.g. models/training/splits/internal_test_ids.txt.",
        };
        var provider = ProviderOption();
        var threads = ThreadsOption();
        var json = new Option<bool>("--json") { Description = "Write JSON instead of text." };
        var command = new Command(
            "evaluate",
            "Runs the model through ONNX Runtime (the app's preprocessing and CAM mapping) on the osteosarcoma (positive) and giant cell tumor rows of a folder: AUC with DeLong 95% CI, sensitivity/specificity at the card's threshold, CAM pointing game and energy in mask with their chance level.")
        {
            data, model, ids, provider, threads, json,
        };
        command.SetAction(parse => StatsCommands.Report(parse, () =>
        {
            using var loaded = Load(parse.GetValue(model), parse.GetValue(provider)!, parse.GetValue(threads), out var path);
            var set = EvaluationSet.Read(parse.GetValue(data)!, parse.GetValue(ids), loaded.HasClinicalInput);
            var result = ModelEvaluation.Run(loaded, set);
            return parse.GetValue(json) ? EvaluateJson(loaded, result) : EvaluateText(loaded, path, result);
        }));
        return command;
    }

    /// <summary>Loads and checks a model file and its card; bad input becomes a <see cref="StatsInputException"/>.</summary>
    internal static OnnxModel Load(string? file, string provider, int? threads, out string path)
    {
        if (provider is not ("auto" or "cpu"))
        {
            throw new StatsInputException($"--provider must be auto or cpu, not '{provider}'.");
        }

        if (threads is < 1)
        {
            throw new StatsInputException("--threads must be at least 1.");
        }

        path = file is null
            ? Path.Combine(AppPaths.Resolve(Directory.GetCurrentDirectory()).ModelsDirectory, new InferenceOptions().DefaultModel + ".onnx")
            : Path.GetFullPath(file);
        if (!File.Exists(path))
        {
            throw new StatsInputException($"{path}: model file not found.");
        }

        var card = Path.ChangeExtension(path, ".json");
        if (!File.Exists(card))
        {
            throw new StatsInputException($"{path}: the model has no card ({Path.GetFileName(card)}) beside it.");
        }

        if (new FileInfo(path).Length > OnnxModel.MaxOnnxBytes || new FileInfo(card).Length > ModelCard.MaxCardBytes)
        {
            throw new StatsInputException($"{path}: the model or its card is larger than the app accepts.");
        }

        try
        {
            var sessions = new SessionOptionsFactory(NullLogger.Instance, preferCuda: provider == "auto") { IntraOpThreads = threads };
            return OnnxModel.Load(File.ReadAllBytes(path), File.ReadAllText(card), sessions);
        }
        catch (ModelRejectedException ex)
        {
            throw new StatsInputException($"{path}: the model does not follow the contract (models/README.md): {ex.Message}");
        }
    }

    private static string Info(OnnxModel model, string path, bool json)
    {
        var card = model.Card.Json;
        var headline = Headline(card);
        if (json)
        {
            return StatsJson.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("name", model.Name);
                w.WriteString("file", path);
                w.WriteString("sha256", model.Sha256);
                w.WriteNumber("bytes", model.FileBytes);
                w.WriteNumber("contract_version", card["contract_version"]?.GetValue<int>() ?? ModelCard.ContractVersion);
                w.WriteString("status", model.Card.Status);
                Signatures(w, "inputs", model.Inputs);
                Signatures(w, "outputs", model.Outputs);
                w.WriteString("provider", model.Provider.Name);
                w.Number("threshold_p_os", model.Card.ThresholdPOs);
                w.WritePropertyName("metrics");
                headline.WriteTo(w);
                w.WriteEndObject();
            });
        }

        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"name:             {model.Name}",
            $"file:             {path} ({model.FileBytes.ToString("N0", c)} bytes)",
            $"sha256:           {model.Sha256} (matches the card)",
            $"contract version: {card["contract_version"]?.ToJsonString() ?? "1"}",
            $"status:           {model.Card.Status ?? "-"}",
            $"provider:         {model.Provider.Name}{(model.Provider.Note is { } note ? $" ({note})" : "")}",
            string.Create(c, $"threshold:        p(OS) ≥ {model.Card.ThresholdPOs:0.######}"),
            "inputs:",
        };
        lines.AddRange(model.Inputs.Select(s => $"  {s.Name,-10} {s.ElementType} {ShapeText(s.Shape)}"));
        lines.Add("outputs:");
        lines.AddRange(model.Outputs.Select(s => $"  {s.Name,-10} {s.ElementType} {ShapeText(s.Shape)}"));
        lines.Add("card metrics:");
        foreach (var (key, value) in headline)
        {
            lines.Add($"  {key}: {value?.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}");
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The card's headline figures for the shipped score (internal test, cross-validation, cross-centre, localisation).</summary>
    private static JsonObject Headline(JsonObject card)
    {
        var score = card["shipped_score"]?.GetValue<string>() ?? "image";
        var headline = new JsonObject { ["shipped_score"] = score };
        void Copy(string name, JsonNode? node)
        {
            if (node is not null)
            {
                headline[name] = node.DeepClone();
            }
        }

        var test = card["internal_test"];
        Copy("internal_test_n", card["split_sizes"]?["internal_test"]);
        Copy("internal_test_auc", test?[score]?["auc"]);
        Copy("internal_test_auc_ci95", test?[score]?["ci95"]);
        Copy("internal_test_sensitivity", test?[score]?["at_threshold"]?["sensitivity"]);
        Copy("internal_test_specificity", test?[score]?["at_threshold"]?["specificity"]);
        Copy("internal_test_localisation", test?["localisation"]);
        Copy("internal_test_localisation_full_radiograph", test?["localisation_full_radiograph"]);
        Copy("cv_oof_auc", card["cv"]?["oof_auc_" + score]?["auc"]);
        Copy("cross_centre_auc", card["cross_centre"]?[score]?["auc"]);
        return headline;
    }

    private static void Signatures(Utf8JsonWriter w, string name, IReadOnlyList<TensorSignature> list)
    {
        w.WriteStartArray(name);
        foreach (var s in list)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Name);
            w.WriteString("type", s.ElementType);
            w.WriteStartArray("shape");
            foreach (var d in s.Shape)
            {
                if (d < 0)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteNumberValue(d);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static string ShapeText(int[] shape) => "[" + string.Join(", ", shape.Select(d => d < 0 ? "N" : d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string EvaluateJson(OnnxModel model, EvaluationResult r) => StatsJson.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("n", r.N);
        w.WriteNumber("n_os", r.NOs);
        w.WriteNumber("n_gct", r.NGct);
        w.Number("auc", r.Auc.Auc);
        w.Interval("auc_ci95", r.Auc.Ci);
        w.Number("sensitivity", r.Sensitivity);
        w.Number("specificity", r.Specificity);
        w.Number("threshold", r.Threshold);
        Nullable(w, "cam_pointing_game", r.PointingGame);
        Nullable(w, "cam_energy_in_mask", r.EnergyInMask);
        Nullable(w, "cam_chance", r.Chance);
        w.WriteString("provider", r.Provider);
        w.Number("ms_per_image", r.MsPerImage);
        w.WriteNumber("n_localisation", r.NLocalisation);
        w.WriteStartObject("boxes");
        w.WriteNumber("from_mask", r.BoxesFromMask);
        w.WriteNumber("from_roi", r.BoxesFromRoi);
        w.WriteNumber("whole_image", r.WholeImage);
        w.WriteEndObject();
        w.WriteNumber("rows_other_labels", r.OtherLabels);
        w.WriteNumber("rows_not_in_ids", r.NotListed);
        w.WriteString("model", model.Name);
        w.WriteString("sha256", model.Sha256);
        w.WriteEndObject();
    });

    private static void Nullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.Number(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string EvaluateText(OnnxModel model, string path, EvaluationResult r)
    {
        var c = CultureInfo.InvariantCulture;
        string Opt(double? v) => v is { } x ? x.ToString("F4", c) : "n/a (no masks)";
        return string.Join(Environment.NewLine, new[]
        {
            $"model {model.Name} ({model.Sha256[..12]}…) from {path}, {r.Provider}",
            string.Create(c, $"{r.N} images: {r.NOs} osteosarcoma (positive), {r.NGct} giant cell tumor; boxes from mask {r.BoxesFromMask}, roi {r.BoxesFromRoi}, whole image {r.WholeImage}"),
            string.Create(c, $"AUC                {r.Auc.Auc:F4} (95% CI {r.Auc.Ci.Lower:F4} – {r.Auc.Ci.Upper:F4}, DeLong)"),
            string.Create(c, $"sensitivity        {r.Sensitivity:F4} at p(OS) ≥ {r.Threshold:0.######} (the card's threshold)"),
            string.Create(c, $"specificity        {r.Specificity:F4}"),
            $"CAM pointing game  {Opt(r.PointingGame)} over {r.NLocalisation} masked images (chance level {Opt(r.Chance)})",
            $"CAM energy in mask {Opt(r.EnergyInMask)}",
            string.Create(c, $"{r.MsPerImage:F2} ms per image (decode, preprocess, inference)"),
        });
    }
}
