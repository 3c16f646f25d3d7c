using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Inference;

/// <summary>Why a case has no model reading to show.</summary>
public enum ReadingAbsence
{
    None,
    NoActiveModel,
    NoLesionBox,
    NotReadyYet,
}

/// <summary>What the reveal shows of the model: the cached reading and the card's context; never computed here.</summary>
public sealed record ModelReadingView(
    ReadingAbsence Absence,
    string? ModelName,
    string? ModelSha256,
    double Threshold,
    CasePrediction? Prediction,
    double? OodThreshold)
{
    public bool HasReading => Prediction is not null;
}

/// <summary>
/// Which cached reading of a case may be shown: the row of the given model, and none for a case without a lesion box,
/// whatever rows linger from before the box was removed. The reveal and the aided second read both go through it.
/// </summary>
public static class CachedReading
{
    public static async Task<(bool HasBox, CasePrediction? Prediction)> FindAsync(AppDbContext db, int caseId, string modelSha256, CancellationToken cancellationToken)
    {
        var hasBox = await db.Cases.Where(c => c.Id == caseId).Select(c => c.LesionBox != null).FirstOrDefaultAsync(cancellationToken);
        var prediction = hasBox
            ? await db.CasePredictions.AsNoTracking().FirstOrDefaultAsync(p => p.CaseId == caseId && p.ModelSha256 == modelSha256, cancellationToken)
            : null;
        return (hasBox, prediction);
    }
}

/// <summary>Reads the cached model output for pages (no inference on a page view).</summary>
public sealed class ModelReadings(AppDbContext db, ModelHost models)
{
    /// <summary>The active model's cached reading of a case.</summary>
    public async Task<ModelReadingView> ForCaseAsync(int caseId, CancellationToken cancellationToken = default)
    {
        var described = models.Describe();
        if (described is not { } d)
        {
            return new ModelReadingView(ReadingAbsence.NoActiveModel, null, null, 0, null, null);
        }

        var (hasBox, prediction) = await CachedReading.FindAsync(db, caseId, d.Sha256, cancellationToken);
        var absence = !hasBox ? ReadingAbsence.NoLesionBox : prediction is null ? ReadingAbsence.NotReadyYet : ReadingAbsence.None;
        return new ModelReadingView(absence, d.Card.Name, d.Sha256, d.Card.ThresholdPOs, prediction, d.Card.Ood?.Threshold);
    }
}

/// <summary>Practice: a trainee may see the model's output for a case once they have committed an answer to it.</summary>
public sealed class PracticeModelOutputAccess(AppDbContext db) : IModelOutputAccessRule
{
    public Task<bool> MayViewAsync(string userId, int caseId, CancellationToken cancellationToken) =>
        db.Attempts.AnyAsync(a => a.UserId == userId && a.CaseId == caseId && a.AnsweredAt != null, cancellationToken);

    public async Task<IReadOnlySet<int>> ViewableCasesAsync(string userId, CancellationToken cancellationToken) =>
        await db.Attempts.Where(a => a.UserId == userId && a.AnsweredAt != null).Select(a => a.CaseId).ToHashSetAsync(cancellationToken);
}
