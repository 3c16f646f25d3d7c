using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Authoring;

/// <summary>What educators look for in a case's answers.</summary>
[Flags]
public enum CaseFlag
{
    None = 0,
    TooEasy = 1,
    TooHard = 2,
    PossiblyMislabelled = 4,
}

/// <summary>How trainees and the active model did on one case (unaided answers only).</summary>
public sealed record CaseStats(int Answers, int Correct, double? MeanConfidenceOs, double? ModelProbabilityOs, Diagnosis? ModelCall, CaseFlag Flags)
{
    public double? Accuracy => Answers == 0 ? null : (double)Correct / Answers;

    public static readonly CaseStats Empty = new(0, 0, null, null, null, CaseFlag.None);
}

/// <summary>
/// The rules that flag a case. With fewer than <see cref="MinAnswers"/> answers nothing is flagged (too noisy).
/// Too easy: ≥ 95% correct. Too hard: ≤ 40% correct. Possibly mislabelled: ≤ 25% correct and the trainees' mean
/// probability of osteosarcoma points to the other diagnosis, and the model (when it has read the case) agrees with them.
/// </summary>
public static class CaseFlags
{
    public const int MinAnswers = 10;

    public static CaseFlag For(Diagnosis truth, int answers, int correct, double? meanConfidenceOs, Diagnosis? modelCall)
    {
        if (answers < MinAnswers)
        {
            return CaseFlag.None;
        }

        var accuracy = (double)correct / answers;
        var flags = CaseFlag.None;
        if (accuracy >= 0.95)
        {
            flags |= CaseFlag.TooEasy;
        }

        if (accuracy <= 0.40)
        {
            flags |= CaseFlag.TooHard;
        }

        var crowdSaysOs = meanConfidenceOs >= 50;
        var crowdDisagrees = meanConfidenceOs is not null && crowdSaysOs != (truth == Diagnosis.Osteosarcoma);
        if (accuracy <= 0.25 && crowdDisagrees && (modelCall is null || modelCall != truth))
        {
            flags |= CaseFlag.PossiblyMislabelled;
        }

        return flags;
    }

    public static IEnumerable<string> Describe(CaseFlag flags)
    {
        if (flags.HasFlag(CaseFlag.TooEasy))
        {
            yield return "too easy";
        }

        if (flags.HasFlag(CaseFlag.TooHard))
        {
            yield return "too hard";
        }

        if (flags.HasFlag(CaseFlag.PossiblyMislabelled))
        {
            yield return "possibly mislabelled";
        }
    }
}

/// <summary>Per-case statistics for the educator pages: answers, accuracy, mean confidence and the active model's reading.</summary>
public sealed class CaseStatistics(AppDbContext db, IActiveModel activeModel)
{
    public async Task<IReadOnlyDictionary<int, CaseStats>> ForCasesAsync(IReadOnlyCollection<int>? caseIds = null, CancellationToken cancellationToken = default)
    {
        var attempts = db.Attempts.Where(a => a.AnsweredAt != null);
        var cases = db.Cases.AsQueryable();
        if (caseIds is not null)
        {
            attempts = attempts.Where(a => caseIds.Contains(a.CaseId));
            cases = cases.Where(c => caseIds.Contains(c.Id));
        }

        var answers = await attempts.GroupBy(a => a.CaseId)
            .Select(g => new { CaseId = g.Key, Count = g.Count(), Correct = g.Count(a => a.IsCorrect == true), Mean = g.Average(a => (double?)a.Confidence) })
            .ToDictionaryAsync(x => x.CaseId, cancellationToken);
        var model = activeModel.Current;
        var predictions = model is null
            ? []
            : await db.CasePredictions.Where(p => p.ModelSha256 == model.Sha256 && (caseIds == null || caseIds.Contains(p.CaseId)))
                .Select(p => new { p.CaseId, p.ProbabilityOs, p.Call })
                .ToDictionaryAsync(p => p.CaseId, cancellationToken);
        var truths = await cases.Select(c => new { c.Id, c.Diagnosis }).ToListAsync(cancellationToken);
        var result = new Dictionary<int, CaseStats>();
        foreach (var c in truths)
        {
            answers.TryGetValue(c.Id, out var a);
            predictions.TryGetValue(c.Id, out var p);
            var count = a?.Count ?? 0;
            var correct = a?.Correct ?? 0;
            result[c.Id] = new CaseStats(count, correct, a?.Mean, p?.ProbabilityOs, p?.Call,
                CaseFlags.For(c.Diagnosis, count, correct, a?.Mean, p?.Call));
        }

        return result;
    }
}
