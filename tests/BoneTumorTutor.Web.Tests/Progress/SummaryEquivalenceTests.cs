using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Practice;
using BoneTumorTutor.Progress;
using BoneTumorTutor.Web.Features.Progress;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Tests.Progress;

/// <summary>
/// The summaries the database keeps (triggers on Attempts) against the raw answers: after a seeded random mix of
/// inserts (EF and raw SQL), commits, updates of every counted field (aided answers included), moves between
/// learners, un-commits, deletes and a deleted user, every dashboard row and every learner's peer standing and aided
/// counts equal what the statistics engine computes from the raw answers, and the summaries equal a fresh backfill.
/// </summary>
public sealed class SummaryEquivalenceTests(SummaryEquivalenceTests.Factory app) : IClassFixture<SummaryEquivalenceTests.Factory>
{
    /// <summary>Its own database: nothing but this test's learners.</summary>
    public sealed class Factory : CustomContentAppFactory;

    private static readonly int[] Years = [1, 3, 5, 7, 12, 15];

    [Fact]
    public async Task Every_Number_From_The_Summaries_Equals_The_Number_From_The_Raw_Answers()
    {
        var rnd = new Random(20261129);
        var learners = new List<string>();
        for (var i = 0; i < Years.Length; i++)
        {
            learners.Add((await app.CreateUserAsync($"equiv{i}@example.org", Years[i], Roles.Trainee)).Id);
        }

        // A director who also answered: a peer in the comparisons, not a row of the dashboard.
        learners.Add((await app.CreateUserAsync("equiv-director@example.org", 20, Roles.Director)).Id);
        var doomed = (await app.CreateUserAsync("equiv-doomed@example.org", 2, Roles.Trainee)).Id;
        learners.Add(doomed);
        var cases = await app.WithDbAsync(db => db.Cases.Select(c => new { c.Id, c.Diagnosis }).ToListAsync());
        Assert.True(cases.Count >= 2);
        var now = DateTime.UtcNow;
        var since = CohortService.RecentSince(new DateTimeOffset(now)).ToDateTime(TimeOnly.MinValue);

        DateTime When() => rnd.Next(8) switch
        {
            0 => since,                      // the first instant of the 30-day window
            1 => since.AddTicks(-1),         // the last instant before it
            2 => now.AddMinutes(-rnd.Next(1, 120)),
            _ => now.AddDays(-rnd.NextDouble() * 45),
        };
        Diagnosis Os(bool os) => os ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor;

        void Commit(Attempt a)
        {
            var c = cases[rnd.Next(cases.Count)];
            var confidence = rnd.Next(0, 11) * 10; // ties on purpose
            var answer = Os(confidence > 50 || (confidence == 50 && rnd.Next(2) == 0));
            a.CaseId = c.Id;
            a.Truth = c.Diagnosis;
            a.Answer = answer;
            a.Confidence = confidence;
            a.IsCorrect = answer == c.Diagnosis;
            a.AnsweredAt = When();
            a.Band = rnd.Next(6) == 0 ? null : (ExperienceBand)rnd.Next(3);
            a.ExperienceYears = 3;
            if (rnd.Next(3) == 0)
            {
                Aid(a);
            }
        }

        void Aid(Attempt a)
        {
            a.AidedAnswer = Os(rnd.Next(2) == 0);
            a.AidedConfidence = rnd.Next(101);
            a.AidedAt = (a.AnsweredAt ?? now).AddSeconds(20);
            a.ModelCall = rnd.Next(4) == 0 ? null : Os(rnd.Next(2) == 0);
            a.ModelProbability = a.ModelCall is null ? null : rnd.NextDouble();
        }

        for (var round = 0; round < 40; round++)
        {
            await app.WithDbAsync(async db =>
            {
                for (var op = 0; op < 16; op++)
                {
                    var userId = learners[rnd.Next(learners.Count)];
                    var roll = rnd.Next(100);
                    var committed = await db.Attempts.Where(a => a.AnsweredAt != null).Select(a => a.Id).ToListAsync();
                    var pick = committed.Count == 0 ? 0 : committed[rnd.Next(committed.Count)];
                    if (roll < 40 || committed.Count < 10)
                    {
                        var a = new Attempt { UserId = userId, PresentedAt = now.AddDays(-50) };
                        Commit(a);
                        db.Attempts.Add(a);
                    }
                    else if (roll < 48)
                    {
                        // The way bench/seed_progress.py and other writers insert: plain SQL, no EF.
                        var c = cases[rnd.Next(cases.Count)];
                        var confidence = rnd.Next(0, 11) * 10;
                        var answer = confidence >= 50 ? 1 : 0;
                        var at = When().ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture);
                        await db.Database.ExecuteSqlInterpolatedAsync($"""
                            INSERT INTO Attempts (PublicId, UserId, CaseId, PresentedAt, Answer, Confidence, AnsweredAt, Truth, IsCorrect, Band)
                            VALUES ({Guid.NewGuid().ToString().ToUpperInvariant()}, {userId}, {c.Id}, {at}, {answer}, {confidence}, {at}, {(int)c.Diagnosis},
                                    {answer == (int)c.Diagnosis}, {rnd.Next(3)})
                            """);
                    }
                    else if (roll < 68)
                    {
                        var a = await db.Attempts.SingleAsync(x => x.Id == pick);
                        switch (rnd.Next(7))
                        {
                            case 0: a.Confidence = rnd.Next(0, 11) * 10; break;
                            case 1: a.Answer = Os(a.Answer != Diagnosis.Osteosarcoma); break;
                            case 2: a.Truth = Os(a.Truth != Diagnosis.Osteosarcoma); break;
                            case 3: a.Band = rnd.Next(4) == 0 ? null : (ExperienceBand)rnd.Next(3); break;
                            case 4: a.AnsweredAt = When(); break;
                            case 5: Aid(a); break;
                            default: a.UserId = userId; break; // moved to another learner (possibly the same)
                        }
                    }
                    else if (roll < 76)
                    {
                        // The aided endpoint's kind of write: a set-based update of the aided fields.
                        var id = pick;
                        var aided = Os(rnd.Next(2) == 0);
                        var call = Os(rnd.Next(2) == 0);
                        await db.Attempts.Where(a => a.Id == id).ExecuteUpdateAsync(s => s
                            .SetProperty(a => a.AidedAnswer, aided).SetProperty(a => a.AidedConfidence, 70)
                            .SetProperty(a => a.AidedAt, now).SetProperty(a => a.ModelCall, call));
                    }
                    else if (roll < 84)
                    {
                        db.Attempts.Remove(await db.Attempts.SingleAsync(x => x.Id == pick));
                    }
                    else if (roll < 88)
                    {
                        var id = pick;
                        await db.Attempts.Where(a => a.Id == id).ExecuteDeleteAsync();
                    }
                    else
                    {
                        // The practice flow: open a case, later commit it; or take a committed answer back to open.
                        var open = await db.Attempts.FirstOrDefaultAsync(a => a.UserId == userId && a.AnsweredAt == null);
                        if (open is not null)
                        {
                            Commit(open);
                        }
                        else if (rnd.Next(3) == 0)
                        {
                            var a = await db.Attempts.SingleAsync(x => x.Id == pick);
                            if (!await db.Attempts.AnyAsync(x => x.UserId == a.UserId && x.AnsweredAt == null))
                            {
                                a.AnsweredAt = null;
                            }
                        }
                        else
                        {
                            db.Attempts.Add(new Attempt { UserId = userId, CaseId = cases[0].Id, PresentedAt = now });
                        }
                    }

                    await db.SaveChangesAsync();
                }

                return 0;
            });

            if (round % 13 == 12)
            {
                await AssertSummariesEqualRawAsync(learners);
            }
        }

        Assert.True(await app.WithDbAsync(db => db.ProgressLearners.AnyAsync(s => s.UserId == doomed)));
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.True((await users.DeleteAsync((await users.FindByIdAsync(doomed))!)).Succeeded);
        }

        learners.Remove(doomed);
        Assert.False(await app.WithDbAsync(db => db.ProgressLearners.AnyAsync(s => s.UserId == doomed)));
        var answered = await AssertSummariesEqualRawAsync(learners);
        Assert.InRange(answered, 180, 2000);

        // The pages show those numbers: the dashboard's accuracy and AUC cells of every learner.
        var director = await app.SignedInClientAsync("equiv-viewer@example.org", 15, Roles.Director);
        var html = await director.GetStringAsync("/dashboard");
        var rows = await app.WithDbAsync(async db => await RawAnswerOracle.CohortAsync(db, DateTimeOffset.UtcNow, new ProgressOptions(), new ExperienceOptions()));
        foreach (var row in rows.Where(r => r.Accuracy is not null))
        {
            Assert.Contains($"{ProgressFormat.Percent(row.Accuracy!.Estimate)} ({ProgressFormat.Interval(row.Accuracy.Ci95)})", html, StringComparison.Ordinal);
            Assert.Contains(ProgressFormat.Auc(row.Auc!.Value), html, StringComparison.Ordinal);
        }
    }

    private async Task<int> AssertSummariesEqualRawAsync(IReadOnlyList<string> learners)
    {
        using var scope = app.Services.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<AppDbContext>();
        var settings = services.GetRequiredService<IOptions<ProgressOptions>>().Value;
        var bands = services.GetRequiredService<IOptions<ExperienceOptions>>().Value;
        var cohort = services.GetRequiredService<CohortService>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        // The dashboard: every field of every row, for all bands and each band (doubles compared exactly).
        Assert.Equal(await RawAnswerOracle.CohortAsync(db, now, settings, bands), await cohort.RowsAsync());
        foreach (var band in Enum.GetValues<ExperienceBand>())
        {
            Assert.Equal(await RawAnswerOracle.CohortAsync(db, now, settings, bands, band), await cohort.RowsAsync(band));
        }

        // The progress page: peers from the band summaries; aided counts of the summary against the engine's.
        var progress = services.GetRequiredService<ProgressService>();
        var total = 0;
        foreach (var id in learners)
        {
            var page = (await progress.ForLearnerAsync(id))!;
            var peers = await RawAnswerOracle.PeersAsync(db, id, page.Band, settings.MinimumAnswersForPeer);
            Assert.Equal(LearnerProgress.Standing(page.Band, page.Report.AccuracyByBand.GetValueOrDefault(page.Band), peers), page.Peers);

            var summary = await db.ProgressLearners.AsNoTracking().SingleOrDefaultAsync(s => s.UserId == id);
            var aided = page.Report.Aided;
            Assert.Equal(page.Report.Answered, summary?.Answered ?? 0);
            Assert.Equal(
                (aided.Cases, aided.UnaidedAccuracy?.Successes ?? 0, aided.AidedAccuracy?.Successes ?? 0,
                    aided.ModelRight, aided.SwitchedWhenModelRight, aided.ModelWrong, aided.SwitchedWhenModelWrong),
                (summary?.AidedAnswered ?? 0, summary?.AidedUnaidedCorrect ?? 0, summary?.AidedCorrect ?? 0,
                    summary?.ModelRight ?? 0, summary?.SwitchedWhenModelRight ?? 0, summary?.ModelWrong ?? 0, summary?.SwitchedWhenModelWrong ?? 0));
            if (page.Report.Roc is { } roc)
            {
                Assert.Equal(roc.Auc, CohortService.Auc(summary!));
            }

            total += page.Report.Answered;
        }

        // What the triggers kept equals a backfill from scratch, table by table.
        var kept = await SnapshotAsync(db);
        await db.Database.ExecuteSqlRawAsync(ProgressSummarySql.Rebuild);
        var rebuilt = await SnapshotAsync(db);
        Assert.Equal(rebuilt.Learners, kept.Learners);
        Assert.Equal(rebuilt.Bands, kept.Bands);
        Assert.Equal(rebuilt.Days, kept.Days);
        Assert.Equal(rebuilt.Ratings, kept.Ratings);
        Assert.NotEmpty(kept.Ratings);
        return total;
    }

    private static async Task<(List<string> Learners, List<string> Bands, List<string> Days, List<string> Ratings)> SnapshotAsync(AppDbContext db) => (
        [.. (await db.ProgressLearners.AsNoTracking().ToListAsync()).Select(s =>
            $"{s.UserId} {s.Answered} {s.Correct} {s.Positives} {s.AucTwiceU} {s.LastAnsweredAt:O} {s.AidedAnswered} {s.AidedCorrect} {s.AidedUnaidedCorrect} {s.ModelRight} {s.SwitchedWhenModelRight} {s.ModelWrong} {s.SwitchedWhenModelWrong}").Order(StringComparer.Ordinal)],
        [.. (await db.ProgressBands.AsNoTracking().ToListAsync()).Select(s => $"{s.UserId} {s.Band} {s.Answered} {s.Correct}").Order(StringComparer.Ordinal)],
        [.. (await db.ProgressDays.AsNoTracking().ToListAsync()).Select(s => $"{s.UserId} {s.Day:O} {s.Answered} {s.Correct}").Order(StringComparer.Ordinal)],
        [.. (await db.ProgressRatings.AsNoTracking().ToListAsync()).Select(s => $"{s.UserId} {s.TruthOs} {s.Confidence} {s.Answered}").Order(StringComparer.Ordinal)]);
}
