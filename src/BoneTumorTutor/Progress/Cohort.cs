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

/// <summary>The cohort as the dashboard shows it, computed from committed answers only.</summary>
public sealed class CohortService(AppDbContext db, TimeProvider clock, IOptions<ProgressOptions> options, IOptions<ExperienceOptions> experience)
{
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
        var ids = people.Select(p => p.t.Id).ToHashSet();

        var answers = await db.Attempts
            .Where(a => a.AnsweredAt != null && a.Answer != null && a.Truth != null && a.Confidence != null)
            .Select(a => new
            {
                a.UserId,
                TruthOs = a.Truth == Diagnosis.Osteosarcoma,
                AnsweredOs = a.Answer == Diagnosis.Osteosarcoma,
                Confidence = a.Confidence!.Value,
                a.Band,
                AnsweredAt = a.AnsweredAt!.Value,
                AidedOs = a.AidedAnswer == null ? (bool?)null : a.AidedAnswer == Diagnosis.Osteosarcoma,
            })
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        var byUser = answers.Where(a => ids.Contains(a.UserId)).GroupBy(a => a.UserId).ToDictionary(g => g.Key, g => g.ToList());
        var since = clock.GetUtcNow().UtcDateTime.AddDays(-30);
        var settings = options.Value;

        var rows = new List<CohortRow>(people.Count);
        foreach (var (t, currentBand) in people)
        {
            var mine = byUser.GetValueOrDefault(t.Id) ?? [];
            var correct = mine.Count(a => a.AnsweredOs == a.TruthOs);
            var accuracy = mine.Count == 0 ? null : new Proportion(correct, mine.Count);
            double? auc = null;
            if (mine.Any(a => a.TruthOs) && mine.Any(a => !a.TruthOs))
            {
                auc = Roc.Auc([.. mine.Select(a => a.TruthOs)], [.. mine.Select(a => (double)a.Confidence)]);
            }

            var recent = mine.Where(a => a.AnsweredAt >= since).ToList();
            var before = mine.Where(a => a.AnsweredAt < since).ToList();
            var last30 = recent.Count == 0 ? null : new Proportion(recent.Count(a => a.AnsweredOs == a.TruthOs), recent.Count);
            double? trend = last30 is not null && before.Count > 0
                ? last30.Estimate - (double)before.Count(a => a.AnsweredOs == a.TruthOs) / before.Count
                : null;
            var aided = mine.Where(a => a.AidedOs is not null).ToList();
            double? aidedGain = aided.Count == 0
                ? null
                : ((double)aided.Count(a => a.AidedOs == a.TruthOs) - aided.Count(a => a.AnsweredOs == a.TruthOs)) / aided.Count;
            var inBand = mine.Where(a => (a.Band ?? ExperienceBand.Junior) == currentBand).ToList();
            var behind = settings.IsBehind(currentBand, inBand.Count, inBand.Count(a => a.AnsweredOs == a.TruthOs));
            rows.Add(new CohortRow(
                t.Id, t.DisplayName, t.Email ?? "", TrainingLevels.Describe(t.TrainingStage, t.TrainingStageValue), t.ExperienceYears, currentBand,
                mine.Count, accuracy, auc, last30, trend, aidedGain, mine.Count == 0 ? null : mine.Max(a => a.AnsweredAt), behind));
        }

        return [.. rows.OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.UserId, StringComparer.Ordinal)];
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
