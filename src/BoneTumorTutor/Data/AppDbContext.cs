using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Practice;
using BoneTumorTutor.Progress;
using BoneTumorTutor.Studies;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Data;

/// <summary>The product's database: identity, cases and their images, and trainees' attempts.</summary>
/// <remarks>Each feature maps its entities in an <see cref="IEntityTypeConfiguration{TEntity}"/> beside them.</remarks>
public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseImage> CaseImages => Set<CaseImage>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    public DbSet<CasePrediction> CasePredictions => Set<CasePrediction>();

    /// <summary>Per-learner summaries of committed answers, maintained by SQLite triggers (read-only for the app).</summary>
    public DbSet<ProgressLearnerSummary> ProgressLearners => Set<ProgressLearnerSummary>();

    public DbSet<ProgressBandSummary> ProgressBands => Set<ProgressBandSummary>();

    public DbSet<ProgressDaySummary> ProgressDays => Set<ProgressDaySummary>();

    public DbSet<ProgressRatingSummary> ProgressRatings => Set<ProgressRatingSummary>();

    public DbSet<ReaderStudy> ReaderStudies => Set<ReaderStudy>();

    public DbSet<StudyCase> StudyCases => Set<StudyCase>();

    public DbSet<StudyReader> StudyReaders => Set<StudyReader>();

    public DbSet<StudyRead> StudyReads => Set<StudyRead>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
