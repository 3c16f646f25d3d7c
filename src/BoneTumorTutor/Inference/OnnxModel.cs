using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BoneTumorTutor.Inference;

/// <summary>What the model says about one case.</summary>
public sealed record ModelOutput(
    double ProbabilityOs,
    float[] Logits,
    int CamHeight,
    int CamWidth,
    float[] CamOs,
    float[] CamGct,
    float[] Embedding);

/// <summary>One input or output of a model: name, element type and shape (-1 = dynamic, e.g. the batch).</summary>
public sealed record TensorSignature(string Name, string ElementType, int[] Shape);

/// <summary>Which execution provider a session runs on, and why.</summary>
public sealed record ExecutionProviderChoice(string Name, string? Note);

/// <summary>
/// Session options: the CUDA execution provider when it can be appended (the GPU build of ONNX Runtime, a CUDA
/// device and its libraries), else the CPU provider. The choice is logged; <see cref="TryCuda"/> is replaceable so
/// the fallback is tested on machines with a GPU too.
/// </summary>
public sealed class SessionOptionsFactory(ILogger logger, bool preferCuda = true)
{
    /// <summary>Appends CUDA to the options; throws when CUDA is not available.</summary>
    public Action<SessionOptions> TryCuda { get; init; } = static options => options.AppendExecutionProvider_CUDA(0);

    /// <summary>ONNX Runtime's intra-op threads; null leaves its default (one per physical core).</summary>
    public int? IntraOpThreads { get; init; }

    /// <summary>
    /// Whether idle intra-op threads spin-wait for work (ONNX Runtime's default) or sleep; null leaves the default.
    /// Spinning buys little latency for a small model and burns a core the web app could use.
    /// </summary>
    public bool? AllowSpinning { get; init; }

    public (SessionOptions Options, ExecutionProviderChoice Provider) Create()
    {
        var (options, provider) = CreateOptions();
        if (IntraOpThreads is { } threads)
        {
            options.IntraOpNumThreads = threads;
        }

        if (AllowSpinning is { } spin)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", spin ? "1" : "0");
        }

        return (options, provider);
    }

    private (SessionOptions Options, ExecutionProviderChoice Provider) CreateOptions()
    {
        if (preferCuda)
        {
            var options = new SessionOptions();
            try
            {
                TryCuda(options);
                logger.LogInformation("ONNX Runtime: the CUDA execution provider is in use.");
                return (options, new ExecutionProviderChoice("CUDA", null));
            }
            catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
            {
                options.Dispose();
                logger.LogInformation("ONNX Runtime: CUDA is not available ({Reason}); the CPU execution provider is in use.", FirstLine(ex.Message));
                return (new SessionOptions(), new ExecutionProviderChoice("CPU", "CUDA not available: " + FirstLine(ex.Message)));
            }
        }

        logger.LogInformation("ONNX Runtime: the CPU execution provider is in use (CUDA not requested).");
        return (new SessionOptions(), new ExecutionProviderChoice("CPU", "CUDA not requested"));
    }

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}

/// <summary>
/// One ONNX model with its card, in one <see cref="InferenceSession"/>, checked against the contract
/// (models/README.md) when loaded. <see cref="Run"/> is safe to call from several threads.
/// </summary>
public sealed class OnnxModel : IDisposable
{
    public const long MaxOnnxBytes = 512L * 1024 * 1024;

    private static readonly HashSet<string> AllowedInputs = ["image", "context", "clinical"];
    private static readonly HashSet<string> RequiredOutputs = ["logits", "cam", "embedding"];

    private readonly InferenceSession _session;
    private readonly bool _hasContext;
    private readonly bool _hasClinical;

    private OnnxModel(InferenceSession session, ModelCard card, string sha256, long bytes, ExecutionProviderChoice provider, int camH, int camW, int embeddingSize)
    {
        _session = session;
        Card = card;
        Sha256 = sha256;
        FileBytes = bytes;
        Provider = provider;
        CamHeight = camH;
        CamWidth = camW;
        EmbeddingSize = embeddingSize;
        _hasContext = session.InputMetadata.ContainsKey("context");
        _hasClinical = session.InputMetadata.ContainsKey("clinical");
        Inputs = [.. session.InputMetadata.Select(m => new TensorSignature(m.Key, m.Value.ElementType.Name, m.Value.Dimensions))];
        Outputs = [.. session.OutputMetadata.Select(m => new TensorSignature(m.Key, m.Value.ElementType.Name, m.Value.Dimensions))];
    }

    public ModelCard Card { get; }

    public string Name => Card.Name;

    public string Sha256 { get; }

    public long FileBytes { get; }

    public ExecutionProviderChoice Provider { get; }

    public int CamHeight { get; }

    public int CamWidth { get; }

    public int EmbeddingSize { get; }

    /// <summary>The model's inputs as its file declares them.</summary>
    public IReadOnlyList<TensorSignature> Inputs { get; }

    /// <summary>The model's outputs as its file declares them.</summary>
    public IReadOnlyList<TensorSignature> Outputs { get; }

    /// <summary>True when the model reads the clinical features (contract step 6).</summary>
    public bool HasClinicalInput => _hasClinical;

    /// <summary>Loads and checks a model; throws <see cref="ModelRejectedException"/> saying what is wrong.</summary>
    public static OnnxModel Load(byte[] onnx, string cardJson, SessionOptionsFactory sessions)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        if (onnx.Length == 0)
        {
            throw new ModelRejectedException("The ONNX file is empty.");
        }

        if (onnx.Length > MaxOnnxBytes)
        {
            throw new ModelRejectedException($"The ONNX file is larger than {MaxOnnxBytes / (1024 * 1024)} MB.");
        }

        var card = ModelCard.Parse(cardJson);
        var sha = Convert.ToHexStringLower(SHA256.HashData(onnx));
        if (card.Sha256 is { } expected && expected != sha)
        {
            throw new ModelRejectedException(
                $"The card's sha256 ({Short(expected)}…) is not the ONNX file's ({Short(sha)}…): the card describes another file, or the file is damaged or truncated.");
        }

        var (options, provider) = sessions.Create();
        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelRejectedException("The file is not a loadable ONNX model (not ONNX, truncated or damaged): " + FirstLine(ex.Message), ex);
        }
        finally
        {
            options.Dispose();
        }

        try
        {
            var (camH, camW, k) = CheckContract(session, card);
            return new OnnxModel(session, card, sha, onnx.Length, provider, camH, camW, k);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static (int CamH, int CamW, int K) CheckContract(InferenceSession session, ModelCard card)
    {
        var s = card.Preprocessing.InputSize;
        var inputs = session.InputMetadata;
        var unknown = inputs.Keys.Where(k => !AllowedInputs.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ModelRejectedException($"The model has inputs the contract does not allow: {string.Join(", ", unknown)} (allowed: image, context, clinical).");
        }

        if (!inputs.ContainsKey("image"))
        {
            throw new ModelRejectedException("The model has no \"image\" input.");
        }

        foreach (var (name, meta) in inputs)
        {
            if (meta.ElementType != typeof(float))
            {
                throw new ModelRejectedException($"The input \"{name}\" is {meta.ElementType.Name}; the contract wants float32.");
            }

            var dims = meta.Dimensions;
            if (name == "clinical")
            {
                var f = card.Preprocessing.ClinicalFeatures.Count;
                if (dims.Length != 2 || dims[1] != f)
                {
                    throw new ModelRejectedException($"The input \"clinical\" has shape {Shape(dims)}; the card's clinical_features make it [N, {f}].");
                }
            }
            else
            {
                if (dims.Length != 4 || dims[1] != 1 || dims[2] != s || dims[3] != s)
                {
                    throw new ModelRejectedException($"The input \"{name}\" has shape {Shape(dims)}; the contract wants [N, 1, {s}, {s}] (card input_size {s}).");
                }
            }
        }

        if (inputs.ContainsKey("context") && card.Preprocessing.ContextScale is null)
        {
            throw new ModelRejectedException("The model has a \"context\" input but the card has no preprocessing.context_scale.");
        }

        var outputs = session.OutputMetadata;
        var missing = RequiredOutputs.Where(o => !outputs.ContainsKey(o)).ToList();
        if (missing.Count > 0)
        {
            throw new ModelRejectedException($"The model lacks the output(s) {string.Join(", ", missing)}; the contract wants logits, cam and embedding.");
        }

        var extra = outputs.Keys.Where(o => !RequiredOutputs.Contains(o)).ToList();
        if (extra.Count > 0)
        {
            throw new ModelRejectedException($"The model has outputs the contract does not define: {string.Join(", ", extra)}.");
        }

        foreach (var (name, meta) in outputs)
        {
            if (meta.ElementType != typeof(float))
            {
                throw new ModelRejectedException($"The output \"{name}\" is {meta.ElementType.Name}; the contract wants float32.");
            }
        }

        var logits = outputs["logits"].Dimensions;
        if (logits.Length != 2 || logits[1] != 2)
        {
            throw new ModelRejectedException($"The output \"logits\" has shape {Shape(logits)}; the contract wants [N, 2].");
        }

        var cam = outputs["cam"].Dimensions;
        if (cam.Length != 4 || cam[1] != 2 || cam[2] <= 0 || cam[3] <= 0)
        {
            throw new ModelRejectedException($"The output \"cam\" has shape {Shape(cam)}; the contract wants [N, 2, h, w] with a fixed h and w.");
        }

        var embedding = outputs["embedding"].Dimensions;
        if (embedding.Length != 2 || embedding[1] <= 0)
        {
            throw new ModelRejectedException($"The output \"embedding\" has shape {Shape(embedding)}; the contract wants [N, K].");
        }

        if (card.Ood is { } ood && ood.Mean.Length != embedding[1])
        {
            throw new ModelRejectedException($"The card's OOD statistics have {ood.Mean.Length} values but the embedding has {embedding[1]}.");
        }

        return (cam[2], cam[3], embedding[1]);
    }

    /// <summary>Runs the model on one case's inputs.</summary>
    public ModelOutput Run(ModelInput input)
    {
        var s = Card.Preprocessing.InputSize;
        var feeds = new List<NamedOnnxValue>
        {
            NamedOnnxValue.CreateFromTensor("image", new DenseTensor<float>(input.Image, [1, 1, s, s])),
        };
        if (_hasContext)
        {
            feeds.Add(NamedOnnxValue.CreateFromTensor("context", new DenseTensor<float>(input.Context ?? throw new InvalidOperationException("No context crop."), [1, 1, s, s])));
        }

        if (_hasClinical)
        {
            feeds.Add(NamedOnnxValue.CreateFromTensor("clinical", new DenseTensor<float>(input.Clinical, [1, input.Clinical.Length])));
        }

        using var results = _session.Run(feeds);
        float[] logits = [];
        float[] cam = [];
        float[] embedding = [];
        foreach (var r in results)
        {
            var values = r.AsTensor<float>().ToArray();
            switch (r.Name)
            {
                case "logits":
                    logits = values;
                    break;
                case "cam":
                    cam = values;
                    break;
                case "embedding":
                    embedding = values;
                    break;
            }
        }

        var cells = CamHeight * CamWidth;
        if (logits.Length != 2 || cam.Length != 2 * cells || embedding.Length != EmbeddingSize)
        {
            throw new InvalidOperationException("The model's outputs do not have the shapes it declared.");
        }

        var max = Math.Max(logits[0], logits[1]);
        var e0 = Math.Exp(logits[0] - max);
        var e1 = Math.Exp(logits[1] - max);
        return new ModelOutput(e1 / (e0 + e1), logits, CamHeight, CamWidth, cam[cells..], cam[..cells], embedding);
    }

    /// <summary>The card's out-of-distribution distance of an embedding, or null without an OOD rule.</summary>
    public double? OodDistance(float[] embedding)
    {
        if (Card.Ood is not { } ood)
        {
            return null;
        }

        var sum = 0.0;
        for (var k = 0; k < embedding.Length; k++)
        {
            var z = (embedding[k] - (double)ood.Mean[k]) / ood.Std[k];
            sum += z * z;
        }

        return Math.Sqrt(sum / embedding.Length);
    }

    public void Dispose() => _session.Dispose();

    private static string Shape(int[] dims) => "[" + string.Join(", ", dims.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }
}
