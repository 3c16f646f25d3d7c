using BoneTumorTutor.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BoneTumorTutor.Progress;

// Per-learner summaries of committed answers, kept up to date by the database itself (SQLite triggers on Attempts,
// see ProgressSummarySql) so that the dashboard and the peer comparison never read every answer. The app never
// writes these tables; only the triggers and the backfill of the "Progress" migration do. A committed answer is an
// attempt with AnsweredAt, Answer, Truth and Confidence all set (the same rule as the progress pages), osteosarcoma is
// the positive class, "correct" means the answer's OS/not-OS call matches the truth's, and a missing band counts
// as junior (as on the progress page).

/// <summary>One learner's totals over all their committed answers.</summary>
public sealed class ProgressLearnerSummary
{
    public required string UserId { get; set; }

    public int Answered { get; set; }

    public int Correct { get; set; }

    /// <summary>Answers on osteosarcoma cases (the positive class); negatives are <c>Answered - Positives</c>.</summary>
    public int Positives { get; set; }

    /// <summary>
    /// Twice the Mann–Whitney U of the learner's confidence (probability of OS) between OS and GCT cases: the number of
    /// (OS answer, GCT answer) pairs where the OS answer's confidence is higher, counted 2, plus the tied pairs, counted 1.
    /// The empirical AUC is <c>AucTwiceU / (2 · Positives · Negatives)</c> (DeLong et al. 1988, ties ½), exactly as
    /// <see cref="Statistics.Roc.Auc"/> gives it.
    /// </summary>
    public long AucTwiceU { get; set; }

    /// <summary>The latest AnsweredAt of the learner's committed answers.</summary>
    public DateTime? LastAnsweredAt { get; set; }

    /// <summary>Committed answers that also have an AI-aided second answer.</summary>
    public int AidedAnswered { get; set; }

    /// <summary>Of those, aided answers that are correct.</summary>
    public int AidedCorrect { get; set; }

    /// <summary>Of those, unaided answers that are correct (the baseline of the aided gain).</summary>
    public int AidedUnaidedCorrect { get; set; }

    /// <summary>Aided answers where the model shown was right, and how many of those switched the call.</summary>
    public int ModelRight { get; set; }

    public int SwitchedWhenModelRight { get; set; }

    /// <summary>Aided answers where the model shown was wrong, and how many of those switched the call.</summary>
    public int ModelWrong { get; set; }

    public int SwitchedWhenModelWrong { get; set; }
}

/// <summary>A learner's committed answers given in one experience band (the band recorded on each answer).</summary>
public sealed class ProgressBandSummary
{
    public required string UserId { get; set; }

    public ExperienceBand Band { get; set; }

    public int Answered { get; set; }

    public int Correct { get; set; }
}

/// <summary>A learner's committed answers on one UTC day (the date part of AnsweredAt).</summary>
public sealed class ProgressDaySummary
{
    public required string UserId { get; set; }

    public DateOnly Day { get; set; }

    public int Answered { get; set; }

    public int Correct { get; set; }
}

/// <summary>How many of a learner's committed answers had a given truth and confidence (the ROC's sufficient statistics).</summary>
public sealed class ProgressRatingSummary
{
    public required string UserId { get; set; }

    public bool TruthOs { get; set; }

    public int Confidence { get; set; }

    public int Answered { get; set; }
}

internal sealed class ProgressLearnerSummaryMapping : IEntityTypeConfiguration<ProgressLearnerSummary>
{
    public void Configure(EntityTypeBuilder<ProgressLearnerSummary> b)
    {
        b.ToTable(ProgressSummarySql.LearnersTable);
        b.HasKey(x => x.UserId);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithOne().HasForeignKey<ProgressLearnerSummary>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressBandSummaryMapping : IEntityTypeConfiguration<ProgressBandSummary>
{
    public void Configure(EntityTypeBuilder<ProgressBandSummary> b)
    {
        b.ToTable(ProgressSummarySql.BandsTable);
        b.HasKey(x => new { x.UserId, x.Band });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressDaySummaryMapping : IEntityTypeConfiguration<ProgressDaySummary>
{
    public void Configure(EntityTypeBuilder<ProgressDaySummary> b)
    {
        b.ToTable(ProgressSummarySql.DaysTable);
        b.HasKey(x => new { x.UserId, x.Day });
        b.Property(x => x.UserId).HasMaxLength(450);
        // The dashboard sums the last 30 days of every learner: a range on Day that this index covers.
        b.HasIndex(x => new { x.Day, x.UserId, x.Answered, x.Correct });
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProgressRatingSummaryMapping : IEntityTypeConfiguration<ProgressRatingSummary>
{
    public void Configure(EntityTypeBuilder<ProgressRatingSummary> b)
    {
        b.ToTable(ProgressSummarySql.RatingsTable);
        b.HasKey(x => new { x.UserId, x.TruthOs, x.Confidence });
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
