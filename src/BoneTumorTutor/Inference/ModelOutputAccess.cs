namespace BoneTumorTutor.Inference;

/// <summary>
/// Decides whether a user may see the model's output (probability, heatmap) for a case. Model output is part of the
/// answer: a trainee may see it only after committing an unaided answer. Each feature that shows model output to
/// non-staff users (practice, reader studies) registers a rule; the output is served when any rule allows it.
/// Staff roles (Educator, Director, Admin) are allowed by the serving endpoint itself.
/// </summary>
public interface IModelOutputAccessRule
{
    Task<bool> MayViewAsync(string userId, int caseId, CancellationToken cancellationToken);

    /// <summary>Every case for which <see cref="MayViewAsync"/> is true, in one query (pages that show many cases at once).</summary>
    Task<IReadOnlySet<int>> ViewableCasesAsync(string userId, CancellationToken cancellationToken);
}
