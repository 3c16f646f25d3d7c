using System.Text.RegularExpressions;
using BoneTumorTutor.Data;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Inference;

/// <summary>Options for model serving (configuration section "Inference").</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>"auto" tries CUDA and falls back to CPU; "cpu" never tries CUDA.</summary>
    public string ExecutionProvider { get; set; } = "auto";

    /// <summary>The model to load when none was activated in the app yet (a name in the models folder).</summary>
    public string DefaultModel { get; set; } = "btt-os-gct";

    /// <summary>Compute the missing predictions of published cases when the app starts (default true).</summary>
    public bool ComputeAtStart { get; set; } = true;

    /// <summary>
    /// Whether ONNX Runtime's idle intra-op threads spin-wait (its own default) instead of sleeping. Off by default:
    /// on two cores spinning doubled inference's CPU time (about 35 instead of 18 ms per image) and, on a busy machine,
    /// tripled its latency (bench/pipeline.sh), while the web app needs those cores for requests.
    /// </summary>
    public bool IntraOpSpinning { get; set; }

    /// <summary>Largest ONNX upload accepted on the admin page, in MB.</summary>
    public int MaxUploadMegabytes { get; set; } = 100;
}

/// <summary>A model file in the models folder and whether it follows the contract.</summary>
public sealed record ModelFileInfo(string Name, long Bytes, string? Sha256, bool Conforms, string? Problem, bool IsActive);

/// <summary>
/// Holds the app's one active model (ONNX + card, one <see cref="Microsoft.ML.OnnxRuntime.InferenceSession"/>).
/// Loads the active model at start, activates another conforming file, installs an uploaded one; a file that does
/// not follow the contract is refused with a clear message and the previous model stays active.
/// </summary>
public sealed partial class ModelHost : IActiveModel, IDisposable
{
    private const string ActiveFileName = "active-model.txt";

    private readonly AppPaths _paths;
    private readonly ILogger<ModelHost> _logger;
    private readonly SessionOptionsFactory _sessions;
    private readonly InferenceOptions _options;
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Lock _activation = new();
    private readonly Dictionary<string, (FileStamp Stamp, ModelFileInfo Info)> _verdicts = new(StringComparer.Ordinal);
    private OnnxModel? _model;

    public ModelHost(AppPaths paths, InferenceOptions options, ILogger<ModelHost> logger, SessionOptionsFactory? sessions = null)
    {
        _paths = paths;
        _options = options;
        _logger = logger;
        _sessions = sessions ?? new SessionOptionsFactory(logger, !string.Equals(options.ExecutionProvider, "cpu", StringComparison.OrdinalIgnoreCase))
        {
            AllowSpinning = options.IntraOpSpinning,
        };
    }

    /// <summary>Raised after an admin made a model active (not for the load at start).</summary>
    public event Action<ActiveModelInfo>? Activated;

    /// <summary>Why the last load or activation failed, for the admin page; null after a success.</summary>
    public string? LastProblem { get; private set; }

    public ActiveModelInfo? Current
    {
        get
        {
            var m = Volatile.Read(ref _model);
            return m is null ? null : new ActiveModelInfo(m.Name, m.Sha256, m.Card.ThresholdPOs);
        }
    }

    /// <summary>The active model's card and provider (for display); null when none is loaded.</summary>
    public (ModelCard Card, ExecutionProviderChoice Provider, string Sha256, long Bytes)? Describe()
    {
        var m = Volatile.Read(ref _model);
        return m is null ? null : (m.Card, m.Provider, m.Sha256, m.FileBytes);
    }

    public string ModelsDirectory => _paths.ModelsDirectory;

    /// <summary>Loads the model activated last time, else the configured default; logs and carries on without one.</summary>
    public void LoadAtStart()
    {
        var activeFile = Path.Combine(_paths.DataDirectory, ActiveFileName);
        var name = File.Exists(activeFile) ? File.ReadAllText(activeFile).Trim() : _options.DefaultModel;
        if (!IsValidName(name))
        {
            name = _options.DefaultModel;
        }

        try
        {
            Activate(name, remember: false);
        }
        catch (ModelRejectedException) when (name != _options.DefaultModel && IsValidName(_options.DefaultModel))
        {
            _logger.LogWarning("The model activated last time ({Name}) cannot be loaded: {Problem}; trying the default.", name, LastProblem);
            try
            {
                Activate(_options.DefaultModel, remember: false);
            }
            catch (ModelRejectedException ex)
            {
                _logger.LogWarning("No model is active: {Problem}", ex.Message);
            }
        }
        catch (ModelRejectedException ex)
        {
            _logger.LogWarning("No model is active: {Problem}", ex.Message);
        }
    }

    /// <summary>Runs code with the active model; the model is not swapped out while it runs. Null when none.</summary>
    public T? Use<T>(Func<OnnxModel, T?> action)
        where T : class
    {
        _lock.EnterReadLock();
        try
        {
            return _model is null ? null : action(_model);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Makes the named model in the models folder active; throws <see cref="ModelRejectedException"/> and keeps the previous one if it does not conform.</summary>
    public ActiveModelInfo Activate(string name) => Activate(name, remember: true);

    private ActiveModelInfo Activate(string name, bool remember)
    {
        ActiveModelInfo info;
        lock (_activation)
        {
            OnnxModel loaded;
            try
            {
                loaded = LoadFromFolder(name);
            }
            catch (ModelRejectedException ex)
            {
                LastProblem = $"{name}: {ex.Message}";
                throw;
            }

            OnnxModel? previous;
            _lock.EnterWriteLock();
            try
            {
                previous = _model;
                _model = loaded;
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            previous?.Dispose();
            LastProblem = null;
            if (remember)
            {
                Directory.CreateDirectory(_paths.DataDirectory);
                File.WriteAllText(Path.Combine(_paths.DataDirectory, ActiveFileName), name);
            }

            info = new ActiveModelInfo(loaded.Name, loaded.Sha256, loaded.Card.ThresholdPOs);
            _logger.LogInformation("Model {Name} ({Sha}) is active on {Provider}.", name, loaded.Sha256[..12], loaded.Provider.Name);
        }

        if (remember)
        {
            Activated?.Invoke(info);
        }

        return info;
    }

    /// <summary>Checks an uploaded model and, if it conforms, writes it to the models folder under its card's name (not activated).</summary>
    public ModelFileInfo Install(byte[] onnx, byte[] cardJson)
    {
        if (cardJson.Length > ModelCard.MaxCardBytes)
        {
            throw new ModelRejectedException($"The card is larger than {ModelCard.MaxCardBytes / (1024 * 1024)} MB.");
        }

        var json = DecodeUtf8(cardJson);
        string name;
        string sha;
        using (var model = OnnxModel.Load(onnx, json, new SessionOptionsFactory(_logger, preferCuda: false)))
        {
            name = model.Name;
            sha = model.Sha256;
        }

        if (!IsValidName(name))
        {
            throw new ModelRejectedException("The card's name must be 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit.");
        }

        if (string.Equals(name, Current?.Name, StringComparison.Ordinal))
        {
            throw new ModelRejectedException($"A model named \"{name}\" is active; give the new card another name.");
        }

        Directory.CreateDirectory(_paths.ModelsDirectory);
        var onnxPath = Path.Combine(_paths.ModelsDirectory, name + ".onnx");
        var cardPath = Path.Combine(_paths.ModelsDirectory, name + ".json");
        WriteAtomically(onnxPath, onnx);
        WriteAtomically(cardPath, cardJson);
        _logger.LogInformation("Model {Name} ({Sha}) installed.", name, sha[..12]);
        return new ModelFileInfo(name, onnx.Length, sha, true, null, false);
    }

    /// <summary>The ONNX files in the models folder, each checked against the contract.</summary>
    public IReadOnlyList<ModelFileInfo> ListModels()
    {
        if (!Directory.Exists(_paths.ModelsDirectory))
        {
            return [];
        }

        var active = Current;
        var list = new List<ModelFileInfo>();
        foreach (var path in Directory.EnumerateFiles(_paths.ModelsDirectory, "*.onnx").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            var verdict = Verdict(name, path);
            list.Add(verdict with { IsActive = verdict.Conforms && active is not null && active.Name == name && active.Sha256 == verdict.Sha256 });
        }

        var listed = list.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        lock (_verdicts)
        {
            foreach (var gone in _verdicts.Keys.Where(k => !listed.Contains(k)).ToList())
            {
                _verdicts.Remove(gone);
            }
        }

        return list;
    }

    /// <summary>
    /// Whether one file in the models folder follows the contract. Checking means loading it into ONNX Runtime (a
    /// second or more for a large model), so the verdict is kept until the .onnx or its card changes on disk (size or
    /// last write time) and the admin page does not reload every installed model on each view.
    /// </summary>
    private ModelFileInfo Verdict(string name, string onnxPath)
    {
        var stamp = FileStamp.Of(onnxPath, Path.Combine(_paths.ModelsDirectory, name + ".json"));
        lock (_verdicts)
        {
            if (_verdicts.TryGetValue(name, out var cached) && cached.Stamp == stamp)
            {
                return cached.Info;
            }
        }

        ModelFileInfo info;
        if (!IsValidName(name))
        {
            info = new ModelFileInfo(name, stamp.OnnxBytes, null, false, "The file name is not a valid model name.", false);
        }
        else
        {
            try
            {
                using var model = LoadFromFolder(name, preferCuda: false);
                info = new ModelFileInfo(name, stamp.OnnxBytes, model.Sha256, true, null, false);
            }
            catch (ModelRejectedException ex)
            {
                info = new ModelFileInfo(name, stamp.OnnxBytes, null, false, ex.Message, false);
            }
        }

        lock (_verdicts)
        {
            _verdicts[name] = (stamp, info);
        }

        return info;
    }

    /// <summary>Size and last write time of a model file and its card (the card may be missing).</summary>
    private readonly record struct FileStamp(long OnnxBytes, DateTime OnnxWritten, long CardBytes, DateTime CardWritten)
    {
        public static FileStamp Of(string onnxPath, string cardPath)
        {
            var onnx = new FileInfo(onnxPath);
            var card = new FileInfo(cardPath);
            return new FileStamp(onnx.Length, onnx.LastWriteTimeUtc, card.Exists ? card.Length : -1, card.Exists ? card.LastWriteTimeUtc : default);
        }
    }

    private OnnxModel LoadFromFolder(string name, bool preferCuda = true)
    {
        if (!IsValidName(name))
        {
            throw new ModelRejectedException("Not a valid model name.");
        }

        var onnxPath = Path.Combine(_paths.ModelsDirectory, name + ".onnx");
        var cardPath = Path.Combine(_paths.ModelsDirectory, name + ".json");
        if (!File.Exists(onnxPath))
        {
            throw new ModelRejectedException($"There is no {name}.onnx in the models folder.");
        }

        if (!File.Exists(cardPath))
        {
            throw new ModelRejectedException($"{name}.onnx has no card ({name}.json) beside it.");
        }

        if (new FileInfo(onnxPath).Length > OnnxModel.MaxOnnxBytes)
        {
            throw new ModelRejectedException($"{name}.onnx is larger than {OnnxModel.MaxOnnxBytes / (1024 * 1024)} MB.");
        }

        if (new FileInfo(cardPath).Length > ModelCard.MaxCardBytes)
        {
            throw new ModelRejectedException($"{name}.json is larger than {ModelCard.MaxCardBytes / (1024 * 1024)} MB.");
        }

        var sessions = preferCuda ? _sessions : new SessionOptionsFactory(_logger, preferCuda: false);
        return OnnxModel.Load(File.ReadAllBytes(onnxPath), DecodeUtf8(File.ReadAllBytes(cardPath)), sessions);
    }

    private static string DecodeUtf8(byte[] bytes)
    {
        try
        {
            return new System.Text.UTF8Encoding(false, true).GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException ex)
        {
            throw new ModelRejectedException("The card is not UTF-8 text.", ex);
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + ".uploading";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    public void Dispose()
    {
        _lock.EnterWriteLock();
        try
        {
            _model?.Dispose();
            _model = null;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }
}
