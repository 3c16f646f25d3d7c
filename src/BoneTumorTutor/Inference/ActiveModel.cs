namespace BoneTumorTutor.Inference;

/// <summary>Which model the app reads cases with now; features that show or compare the model's output ask this.</summary>
public interface IActiveModel
{
    /// <summary>The active model, or null when none is loaded.</summary>
    ActiveModelInfo? Current { get; }
}

/// <summary>The identity of the active model: its name, the SHA-256 of its ONNX file, and its card's threshold on p(OS).</summary>
public sealed record ActiveModelInfo(string Name, string Sha256, double Threshold);

/// <summary>Used until model serving is registered: no model.</summary>
public sealed class NoActiveModel : IActiveModel
{
    public ActiveModelInfo? Current => null;
}
