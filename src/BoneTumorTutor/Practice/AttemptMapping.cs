using BoneTumorTutor.Accounts;
using BoneTumorTutor.Progress;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BoneTumorTutor.Practice;

internal sealed class AttemptMapping : IEntityTypeConfiguration<Attempt>
{
    public void Configure(EntityTypeBuilder<Attempt> a)
    {
        // Triggers keep the progress summaries (Progress/ProgressSummarySql.cs); SQLite's RETURNING clause does not mix
        // with AFTER triggers, so EF saves this table the classic way.
        a.ToTable(t =>
        {
            t.HasTrigger(ProgressSummarySql.InsertTrigger);
            t.HasTrigger(ProgressSummarySql.UpdateTrigger);
            t.HasTrigger(ProgressSummarySql.DeleteTrigger);
            t.UseSqlReturningClause(false);
        });
        a.HasIndex(x => x.PublicId).IsUnique();
        a.HasIndex(x => new { x.UserId, x.AnsweredAt });
        a.HasIndex(x => new { x.CaseId, x.AnsweredAt });
        // At most one open attempt per trainee: two tabs or a double click get the same case, never two.
        a.HasIndex(x => x.UserId).IsUnique().HasFilter("\"AnsweredAt\" IS NULL").HasDatabaseName("IX_Attempts_OneOpenPerUser");
        a.Property(x => x.UserId).HasMaxLength(450);
        a.Property(x => x.ModelSha256).HasMaxLength(64);
        a.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        a.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}
