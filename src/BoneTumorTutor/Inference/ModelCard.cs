using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BoneTumorTutor.Inference;

/// <summary>A model file or card that does not follow the contract (models/README.md), with a message for the admin.</summary>
public sealed class ModelRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The contract's preprocessing numbers (card field <c>preprocessing</c>).</summary>
public sealed record Preprocessing(
    int FrameSize,
    double CropMargin,
    double MinCropSide,
    int InputSize,
    double? ContextScale,
    double Mean,
    double Std,
    IReadOnlyList<string> ClinicalFeatures);

/// <summary>The clinical-only logistic model of the card: p = 1 / (1 + exp(−(intercept + Σ coef·feature))).</summary>
public sealed record ClinicalModel(double Intercept, IReadOnlyDictionary<string, double> Coefficients);

/// <summary>The card's out-of-distribution rule (diagonal Mahalanobis distance of the embedding).</summary>
public sealed record OodRule(float[] Mean, float[] Std, double Threshold, string? ThresholdSource);

/// <summary>
/// A model card (models/&lt;name&gt;.json), read and checked against contract version 1. The raw JSON is kept so
/// the admin page can show everything the card says (metrics, data, licence).
/// </summary>
public sealed class ModelCard
{
    public const int ContractVersion = 1;
    public const long MaxCardBytes = 4 * 1024 * 1024;

    /// <summary>The clinical features of contract step 6.</summary>
    public static readonly IReadOnlyList<string> KnownClinicalFeatures = ["age_years_div_100", "sex_male", "site_femur", "site_tibia"];

    public required string Name { get; init; }

    public required IReadOnlyList<string> Classes { get; init; }

    public required Preprocessing Preprocessing { get; init; }

    /// <summary>Predict osteosarcoma when p(OS) ≥ this.</summary>
    public required double ThresholdPOs { get; init; }

    public ClinicalModel? ClinicalModel { get; init; }

    public OodRule? Ood { get; init; }

    /// <summary>SHA-256 of the ONNX file the card describes (lower-case hex), when the card says it.</summary>
    public string? Sha256 { get; init; }

    public string? Status { get; init; }

    public string? Description { get; init; }

    public string? IntendedUse { get; init; }

    public IReadOnlyList<string> Limitations { get; init; } = [];

    public required JsonObject Json { get; init; }

    /// <summary>Parses and checks a card; throws <see cref="ModelRejectedException"/> saying what is wrong.</summary>
    public static ModelCard Parse(string json)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject
                ?? throw new ModelRejectedException("The card is not a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new ModelRejectedException($"The card is not valid JSON: {ex.Message}", ex);
        }

        var name = Str(root, "name") ?? throw new ModelRejectedException("The card has no \"name\".");
        if (root["contract_version"] is JsonValue v && v.TryGetValue<int>(out var version) && version != ContractVersion)
        {
            throw new ModelRejectedException($"The card is for contract version {version}; this app reads version {ContractVersion}.");
        }

        var classes = root["classes"] is JsonArray ca ? ca.Select(c => c?.GetValue<string>() ?? "").ToList() : [];
        if (classes.Count != 2 || classes[0] != "giant-cell-tumor" || classes[1] != "osteosarcoma")
        {
            throw new ModelRejectedException("The card's \"classes\" must be [\"giant-cell-tumor\", \"osteosarcoma\"] (index 1 = osteosarcoma).");
        }

        var pp = root["preprocessing"] as JsonObject ?? throw new ModelRejectedException("The card has no \"preprocessing\" object.");
        var preprocessing = new Preprocessing(
            (int)Num(pp, "frame_size", 8, 4096),
            Num(pp, "crop_margin", 0, 10),
            Num(pp, "min_crop_side", 1, 4096),
            (int)Num(pp, "input_size", 8, 1024),
            pp["context_scale"] is null ? null : Num(pp, "context_scale", 1, 16),
            Num(pp, "mean", -1000, 1000),
            Num(pp, "std", 1e-9, 1000),
            pp["clinical_features"] is JsonArray cf ? cf.Select(f => f?.GetValue<string>() ?? "").ToList() : []);

        var unknownFeature = preprocessing.ClinicalFeatures.FirstOrDefault(f => !KnownClinicalFeatures.Contains(f));
        if (unknownFeature is not null)
        {
            throw new ModelRejectedException($"The card asks for a clinical feature \"{unknownFeature}\" this app does not know ({string.Join(", ", KnownClinicalFeatures)}).");
        }

        var threshold = root["threshold"] as JsonObject ?? throw new ModelRejectedException("The card has no \"threshold\" object.");
        var pOs = Num(threshold, "p_os", 0, 1);

        ClinicalModel? clinical = null;
        if (root["clinical_model"] is JsonObject cm)
        {
            var coefficients = new Dictionary<string, double>(StringComparer.Ordinal);
            if (cm["coefficients"] is JsonObject co)
            {
                foreach (var (key, value) in co)
                {
                    coefficients[key] = value is JsonValue jv && jv.TryGetValue<double>(out var d) && double.IsFinite(d)
                        ? d
                        : throw new ModelRejectedException($"The clinical model's coefficient \"{key}\" is not a number.");
                }
            }

            clinical = new ClinicalModel(Num(cm, "intercept", -1e6, 1e6), coefficients);
        }

        OodRule? ood = null;
        if (root["ood"] is JsonObject oo)
        {
            var method = Str(oo, "method");
            if (method != "diagonal_mahalanobis")
            {
                throw new ModelRejectedException($"The card's OOD method \"{method}\" is not one this app knows (diagonal_mahalanobis).");
            }

            var mean = Floats(oo, "mean");
            var std = Floats(oo, "std");
            if (mean.Length == 0 || mean.Length != std.Length || std.Any(s => !(s > 0)))
            {
                throw new ModelRejectedException("The card's OOD \"mean\" and \"std\" must be equally long, and every std above 0.");
            }

            ood = new OodRule(mean, std, Num(oo, "threshold", 0, 1e6), Str(oo, "threshold_source"));
        }

        var sha = Str(root, "sha256")?.Trim().ToLowerInvariant();
        return new ModelCard
        {
            Name = name,
            Classes = classes,
            Preprocessing = preprocessing,
            ThresholdPOs = pOs,
            ClinicalModel = clinical,
            Ood = ood,
            Sha256 = sha,
            Status = Str(root, "status"),
            Description = Str(root, "description"),
            IntendedUse = Str(root, "intended_use"),
            Limitations = root["limitations"] is JsonArray la ? la.Select(l => l?.ToString() ?? "").ToList() : [],
            Json = root,
        };
    }

    /// <summary>The clinical-only probability of osteosarcoma for a case, or null when the card has no clinical model.</summary>
    public double? ClinicalProbability(float[] clinicalFeatures)
    {
        if (ClinicalModel is null)
        {
            return null;
        }

        var z = ClinicalModel.Intercept;
        for (var i = 0; i < Preprocessing.ClinicalFeatures.Count && i < clinicalFeatures.Length; i++)
        {
            if (ClinicalModel.Coefficients.TryGetValue(Preprocessing.ClinicalFeatures[i], out var c))
            {
                z += c * clinicalFeatures[i];
            }
        }

        return 1.0 / (1.0 + Math.Exp(-z));
    }

    private static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static double Num(JsonObject o, string key, double min, double max)
    {
        if (o[key] is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d))
        {
            return d >= min && d <= max
                ? d
                : throw new ModelRejectedException(string.Create(CultureInfo.InvariantCulture, $"The card's \"{key}\" is {d}; it must lie in [{min}, {max}]."));
        }

        throw new ModelRejectedException($"The card's \"{key}\" is missing or not a number.");
    }

    private static float[] Floats(JsonObject o, string key) =>
        o[key] is JsonArray a
            ? a.Select(x => x is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d)
                ? (float)d
                : throw new ModelRejectedException($"The card's \"{key}\" holds something that is not a number.")).ToArray()
            : [];
}
