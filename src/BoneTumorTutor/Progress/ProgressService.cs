using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Progress;

/// <summary>One learner's progress page: who they are, their numbers, and how they compare with their band, peers and the model.</summary>
public sealed record LearnerProgressPage(
    string UserId,
    string DisplayName,
    string TrainingLevel,
    ExperienceBand Band,
    string BandDescription,
    double ExpectedAccuracy,
    bool IsBehind,
    string BehindRule,
    ProgressReport Report,
    PeerStanding Peers,
    ModelComparison? Model,
    string? NoModelReason);

/// <summary>Reads a learner's committed answers and the comparisons their progress page needs.</summary>
public sealed class ProgressService(AppDbContext db, IActiveModel activeModel, IOptions<ProgressOptions> options, IOptions<ExperienceOptions> experience)
{
    /// <summary>The progress page of a learner; null when there is no such user.</summary>
    public async Task<LearnerProgressPage?> ForLearnerAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.DisplayName, u.TrainingStage, u.TrainingStageValue, u.ExperienceYears })
            .FirstOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var settings = options.Value;
        var answers = await AnswersAsync(userId, cancellationToken);
        var report = LearnerProgress.Compute(answers, settings);
        var band = experience.Value.BandFor(user.ExperienceYears);
        var inBand = report.AccuracyByBand.GetValueOrDefault(band);
        var peers = await PeersAsync(userId, band, cancellationToken);
        var (model, noModel) = await CompareWithModelAsync(answers, cancellationToken);
        return new LearnerProgressPage(
            user.Id,
            user.DisplayName,
            TrainingLevels.Describe(user.TrainingStage, user.TrainingStageValue),
            band,
            experience.Value.Describe(band),
            settings.ExpectedAccuracy(band),
            inBand is not null && settings.IsBehind(band, inBand.Trials, inBand.Successes),
            settings.DescribeBehindRule(),
            report,
            LearnerProgress.Standing(band, inBand, peers),
            model,
            noModel);
    }

    /// <summary>A learner's committed (answered) attempts; open attempts are never counted.</summary>
    public Task<List<ProgressAnswer>> AnswersAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Attempts
            .Where(a => a.UserId == userId && a.AnsweredAt != null && a.Answer != null && a.Truth != null && a.Confidence != null)
            .OrderBy(a => a.AnsweredAt)
            .Select(a => new ProgressAnswer(
                a.PublicId,
                a.CaseId,
                a.Case!.Title,
                a.AnsweredAt!.Value,
                a.Truth == Diagnosis.Osteosarcoma,
                a.Answer == Diagnosis.Osteosarcoma,
                a.Confidence!.Value,
                a.Band ?? ExperienceBand.Junior,
                a.AidedAnswer == null ? null : a.AidedAnswer == Diagnosis.Osteosarcoma,
                a.ModelCall == null ? null : a.ModelCall == Diagnosis.Osteosarcoma))
            .AsNoTracking()
            .ToListAsync(cancellationToken);

    // Other learners' answers given in the band, as (answered, correct) per person, from the per-band summaries the
    // database keeps (never a scan of every answer); no identities leave this method.
    private async Task<IReadOnlyList<(int Answered, int Correct)>> PeersAsync(string userId, ExperienceBand band, CancellationToken cancellationToken)
    {
        var minimum = options.Value.MinimumAnswersForPeer;
        var rows = await db.ProgressBands
            .Where(b => b.Band == band && b.UserId != userId && b.Answered >= minimum)
            .Select(b => new { b.Answered, b.Correct })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Answered, r.Correct))];
    }

    private async Task<(ModelComparison?, string?)> CompareWithModelAsync(IReadOnlyList<ProgressAnswer> answers, CancellationToken cancellationToken)
    {
        if (activeModel.Current is not { } model)
        {
            return (null, "No model is active at the moment, so there is nothing to compare with.");
        }

        var readings = await db.CasePredictions
            .Where(p => p.ModelSha256 == model.Sha256)
            .Select(p => new { p.CaseId, p.ProbabilityOs, p.Call })
            .ToDictionaryAsync(p => p.CaseId, p => new ModelReading(p.ProbabilityOs, p.Call == Diagnosis.Osteosarcoma), cancellationToken);
        return (LearnerProgress.CompareWithModel(answers, model.Name, readings), null);
    }
}
