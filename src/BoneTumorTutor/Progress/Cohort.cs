using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Progress;

/// <summary>One learner's row on the director's dashboard.</summary>
public sealed record CohortRow(
    string UserId,
    string DisplayName,
    string Email,
    string TrainingLevel,
    int ExperienceYears,
    ExperienceBand Band,
    int Answered,
    Proportion? Accuracy,
    double? Auc,
    Proportion? Last30Days,
    double? Trend,
    double? AidedGain,
    DateTime? LastActive,
    bool IsBehind);

/// <summary>
/// The cohort as the dashboard shows it, computed from committed answers only — read from the per-learner summaries
/// the database keeps (<see cref="ProgressSummarySql"/>), so a request costs the same with a thousand answers or a million.
/// </summary>
public sealed class CohortService(AppDbContext db, TimeProvider clock, IOptions<ProgressOptions> options, IOptions<ExperienceOptions> experience)
{
    /// <summary>The "last 30 days" of the trend: answers on the last 30 UTC calendar days, today included.</summary>
    public const int RecentDays = 30;

    /// <summary>The first UTC day counted as recent at <paramref name="now"/>.</summary>
    public static DateOnly RecentSince(DateTimeOffset now) => DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(RecentDays - 1));

    /// <summary>Every trainee, optionally only one band, with their numbers; ordered by name.</summary>
    public async Task<IReadOnlyList<CohortRow>> RowsAsync(ExperienceBand? band = null, CancellationToken cancellationToken = default)
    {
        var trainees = await (
                from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where r.Name == Roles.Trainee
                select new { u.Id, u.DisplayName, u.Email, u.TrainingStage, u.TrainingStageValue, u.ExperienceYears })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var bands = experience.Value;
        var people = trainees
            .Select(t => (t, Band: bands.BandFor(t.ExperienceYears)))
            .Where(x => band is null || x.Band == band)
            .ToList();

        // Summaries exist only for people with committed answers; a few thousand small rows in all.
        var learners = await db.ProgressLearners.AsNoTracking().ToDictionaryAsync(s => s.UserId, StringComparer.Ordinal, cancellationToken);
        var inBands = (await db.ProgressBands.AsNoTracking().ToListAsync(cancellationToken))
            .ToDictionary(b => (b.UserId, b.Band), b => b);
        var since = RecentSince(clock.GetUtcNow());
        var recent = await db.ProgressDays
            .Where(d => d.Day >= since)
            .GroupBy(d => d.UserId)
            .Select(g => new { UserId = g.Key, Answered = g.Sum(d => d.Answered), Correct = g.Sum(d => d.Correct) })
            .ToDictionaryAsync(x => x.UserId, x => (x.Answered, x.Correct), StringComparer.Ordinal, cancellationToken);
        var settings = options.Value;

        var rows = new List<CohortRow>(people.Count);
        foreach (var (t, currentBand) in people)
        {
            var s = learners.GetValueOrDefault(t.Id);
            var answered = s?.Answered ?? 0;
            var accuracy = s is null || answered == 0 ? null : new Proportion(s.Correct, answered);
            var auc = s is null ? null : Auc(s);
            var (recentAnswered, recentCorrect) = recent.GetValueOrDefault(t.Id);
            var last30 = recentAnswered == 0 ? null : new Proportion(recentCorrect, recentAnswered);
            var beforeAnswered = answered - recentAnswered;
            double? trend = last30 is not null && beforeAnswered > 0
                ? last30.Estimate - (double)(s!.Correct - recentCorrect) / beforeAnswered
                : null;
            double? aidedGain = s is null || s.AidedAnswered == 0
                ? null
                : ((double)s.AidedCorrect - s.AidedUnaidedCorrect) / s.AidedAnswered;
            var inBand = inBands.GetValueOrDefault((t.Id, currentBand));
            var behind = settings.IsBehind(currentBand, inBand?.Answered ?? 0, inBand?.Correct ?? 0);
            rows.Add(new CohortRow(
                t.Id, t.DisplayName, t.Email ?? "", TrainingLevels.Describe(t.TrainingStage, t.TrainingStageValue), t.ExperienceYears, currentBand,
                answered, accuracy, auc, last30, trend, aidedGain, answered == 0 ? null : s!.LastAnsweredAt, behind));
        }

        return [.. rows.OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.UserId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The empirical AUC from the summary: U / (P · N) with U the Mann–Whitney statistic (ties ½), the same single
    /// division of the same exact count as <see cref="Roc.Auc"/>, so the two agree to the last bit; null when a class is empty.
    /// </summary>
    public static double? Auc(ProgressLearnerSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var positives = summary.Positives;
        var negatives = summary.Answered - summary.Positives;
        return positives == 0 || negatives == 0 ? null : summary.AucTwiceU / 2.0 / ((double)positives * negatives);
    }

    /// <summary>True when the user exists and is a trainee (directors drill into learners only).</summary>
    public Task<bool> IsTraineeAsync(string userId, CancellationToken cancellationToken = default) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         where ur.UserId == userId && r.Name == Roles.Trainee
         select ur).AnyAsync(cancellationToken);

    /// <summary>All committed answers of trainees, oldest first, for the answers export.</summary>
    public IAsyncEnumerable<AnswerExportRow> AnswersForExport() =>
        db.Attempts
            .Where(a => a.AnsweredAt != null && a.Answer != null && a.Truth != null)
            .OrderBy(a => a.AnsweredAt).ThenBy(a => a.Id)
            .Join(db.Users, a => a.UserId, u => u.Id, (a, u) => new AnswerExportRow(
                u.Id, u.DisplayName, a.CaseId, a.Case!.Title, a.AnsweredAt!.Value, a.Truth!.Value, a.Answer!.Value, a.Confidence ?? 0,
                a.IsCorrect == true, a.ExperienceYears, a.Band, a.TimeOnCaseMs, a.AidedAnswer, a.AidedConfidence))
            .AsNoTracking()
            .AsAsyncEnumerable();
}

/// <summary>One committed answer in the answers export.</summary>
public sealed record AnswerExportRow(
    string UserId, string DisplayName, int CaseId, string CaseTitle, DateTime AnsweredAt, Diagnosis Truth, Diagnosis Answer, int Confidence,
    bool IsCorrect, int? ExperienceYears, ExperienceBand? Band, int? TimeOnCaseMs, Diagnosis? AidedAnswer, int? AidedConfidence);
