using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Practice;

/// <summary>The second, AI-aided read of an answered attempt as the reveal shows it.</summary>
public sealed record AidedRead(Diagnosis Answer, int Confidence, DateTime At, Diagnosis? ModelCall, double? ModelProbability, bool Switched, bool? ModelWasRight);

public enum AidedStatus
{
    Saved,
    AlreadyGiven,
    NotFound,
    NotAnsweredYet,
    NoModelOutput,
    ModelChanged,
    Invalid,
}

public sealed record AidedOutcome(AidedStatus Status, string? Message = null);

/// <summary>
/// The aided second answer (the study's sequential reader design): after committing the unaided answer and seeing the
/// model's reading, the trainee may give a second diagnosis and confidence. It is stored beside the unaided answer,
/// never replacing it, exactly once, together with the model reading they saw (so "was the model right" is known).
/// </summary>
public sealed class AidedAnswers(AppDbContext db, WriteGate writes, IActiveModel models, TimeProvider clock)
{
    public const string NotAnsweredMessage = "Commit your own answer first: the second read with the model comes after it.";
    public const string NoModelOutputMessage = "There is no model output for this case, so there is no second read with the model.";
    public const string ModelChangedMessage =
        "An administrator activated another model after this page was shown. Its reading is below; look at it and give your second read again.";

    /// <summary>The active model's cached reading of the case the trainee saw on the reveal, or null when there is none.</summary>
    public async Task<CasePrediction?> ReadingAsync(int caseId, CancellationToken cancellationToken = default)
    {
        if (models.Current is not { } model)
        {
            return null;
        }

        // The reveal's rule, so the second read is offered exactly when the reveal shows a reading.
        return (await CachedReading.FindAsync(db, caseId, model.Sha256, cancellationToken)).Prediction;
    }

    /// <summary>
    /// Stores the aided answer once; a second submit changes nothing. Refused before the unaided answer, without model
    /// output, and when <paramref name="seenModelSha256"/> (the model whose reading the page showed) is no longer the
    /// active one: the stored read must name the reading the trainee actually saw.
    /// </summary>
    public async Task<AidedOutcome> SubmitAsync(
        string userId, Guid attemptId, Diagnosis? answer, int? confidence, string? seenModelSha256 = null, CancellationToken cancellationToken = default)
    {
        var attempt = await db.Attempts
            .Where(a => a.PublicId == attemptId && a.UserId == userId)
            .Select(a => new { a.Id, a.CaseId, a.AnsweredAt, a.AidedAt })
            .FirstOrDefaultAsync(cancellationToken);
        if (attempt is null)
        {
            return new(AidedStatus.NotFound);
        }

        if (attempt.AnsweredAt is null)
        {
            return new(AidedStatus.NotAnsweredYet, NotAnsweredMessage);
        }

        if (attempt.AidedAt is not null)
        {
            return new(AidedStatus.AlreadyGiven);
        }

        var reading = await ReadingAsync(attempt.CaseId, cancellationToken);
        if (reading is null)
        {
            return new(AidedStatus.NoModelOutput, NoModelOutputMessage);
        }

        if (seenModelSha256 is not null && !string.Equals(seenModelSha256, reading.ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            return new(AidedStatus.ModelChanged, ModelChangedMessage);
        }

        if (AnswerRules.Validate(answer, confidence) is { } problem)
        {
            return new(AidedStatus.Invalid, problem);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var given = answer!.Value;
        // The conditions repeat in the update, so two racing submits store one aided answer and never touch an
        // attempt whose unaided answer is missing.
        var rows = await writes.RunAsync(db, ct => db.Attempts
            .Where(a => a.Id == attempt.Id && a.AnsweredAt != null && a.AidedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.AidedAnswer, given)
                .SetProperty(a => a.AidedConfidence, confidence)
                .SetProperty(a => a.AidedAt, now)
                .SetProperty(a => a.ModelProbability, reading.ProbabilityOs)
                .SetProperty(a => a.ModelCall, reading.Call)
                .SetProperty(a => a.ModelSha256, reading.ModelSha256), ct), cancellationToken);
        return new(rows == 1 ? AidedStatus.Saved : AidedStatus.AlreadyGiven);
    }

    /// <summary>The aided read of an attempt as stored, for the reveal.</summary>
    public static AidedRead? Of(Attempt a) =>
        a is { AidedAnswer: { } answer, AidedConfidence: { } confidence, AidedAt: { } at }
            ? new AidedRead(answer, confidence, at, a.ModelCall, a.ModelProbability, a.Switched == true, a.ModelCorrect)
            : null;
}
