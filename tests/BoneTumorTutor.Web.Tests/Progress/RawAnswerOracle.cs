using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Progress;
using BoneTumorTutor.Statistics;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Tests.Progress;

/// <summary>
/// The slow reference: the dashboard's and the peer comparison's numbers computed the way they were before the
/// summaries — every committed answer read from Attempts and fed to the statistics engine. The summary-backed
/// services must give exactly these numbers.
/// </summary>
internal static class RawAnswerOracle
{
    private sealed record Raw(string UserId, bool TruthOs, bool AnsweredOs, int Confidence, ExperienceBand Band, DateTime AnsweredAt, bool? AidedOs);

    private static async Task<List<Raw>> CommittedAsync(AppDbContext db) =>
        await db.Attempts
            .Where(a => a.AnsweredAt != null && a.Answer != null && a.Truth != null && a.Confidence != null)
            .Select(a => new Raw(
                a.UserId,
                a.Truth == Diagnosis.Osteosarcoma,
                a.Answer == Diagnosis.Osteosarcoma,
                a.Confidence!.Value,
                a.Band ?? ExperienceBand.Junior,
                a.AnsweredAt!.Value,
                a.AidedAnswer == null ? null : a.AidedAnswer == Diagnosis.Osteosarcoma))
            .AsNoTracking()
            .ToListAsync();

    /// <summary>The cohort rows from raw answers (the pre-summary CohortService, with the calendar-day 30-day window).</summary>
    public static async Task<IReadOnlyList<CohortRow>> CohortAsync(
        AppDbContext db, DateTimeOffset now, ProgressOptions settings, ExperienceOptions bands, ExperienceBand? band = null)
    {
        var trainees = await (
                from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where r.Name == Roles.Trainee
                select new { u.Id, u.DisplayName, u.Email, u.TrainingStage, u.TrainingStageValue, u.ExperienceYears })
            .AsNoTracking()
            .ToListAsync();
        var byUser = (await CommittedAsync(db)).GroupBy(a => a.UserId).ToDictionary(g => g.Key, g => g.ToList());
        var since = CohortService.RecentSince(now).ToDateTime(TimeOnly.MinValue);

        var rows = new List<CohortRow>();
        foreach (var t in trainees)
        {
            var currentBand = bands.BandFor(t.ExperienceYears);
            if (band is not null && band != currentBand)
            {
                continue;
            }

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
            var inBand = mine.Where(a => a.Band == currentBand).ToList();
            var behind = settings.IsBehind(currentBand, inBand.Count, inBand.Count(a => a.AnsweredOs == a.TruthOs));
            rows.Add(new CohortRow(
                t.Id, t.DisplayName, t.Email ?? "", TrainingLevels.Describe(t.TrainingStage, t.TrainingStageValue), t.ExperienceYears, currentBand,
                mine.Count, accuracy, auc, last30, trend, aidedGain, mine.Count == 0 ? null : mine.Max(a => a.AnsweredAt), behind));
        }

        return [.. rows.OrderBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.UserId, StringComparer.Ordinal)];
    }

    /// <summary>Other learners' (answered, correct) in a band from raw answers, with the peer minimum.</summary>
    public static async Task<IReadOnlyList<(int Answered, int Correct)>> PeersAsync(AppDbContext db, string userId, ExperienceBand band, int minimum) =>
        [.. (await CommittedAsync(db))
            .Where(a => a.Band == band && a.UserId != userId)
            .GroupBy(a => a.UserId)
            .Select(g => (Answered: g.Count(), Correct: g.Count(a => a.AnsweredOs == a.TruthOs)))
            .Where(x => x.Answered >= minimum)];
}
