using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BoneTumorTutor.Studies;

internal sealed class ReaderStudyMapping : IEntityTypeConfiguration<ReaderStudy>
{
    public void Configure(EntityTypeBuilder<ReaderStudy> s)
    {
        s.Property(x => x.Name).HasMaxLength(200);
        s.Property(x => x.InstructionsMarkdown).HasMaxLength(20_000);
        s.Property(x => x.ModelSha256).HasMaxLength(64);
        s.Property(x => x.ModelName).HasMaxLength(200);
        s.Property(x => x.CreatedByUserId).HasMaxLength(450);
        s.HasMany(x => x.Cases).WithOne(x => x.Study).HasForeignKey(x => x.StudyId).OnDelete(DeleteBehavior.Cascade);
        s.HasMany(x => x.Readers).WithOne(x => x.Study).HasForeignKey(x => x.StudyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StudyCaseMapping : IEntityTypeConfiguration<StudyCase>
{
    public void Configure(EntityTypeBuilder<StudyCase> c)
    {
        c.HasIndex(x => new { x.StudyId, x.CaseId }).IsUnique();
        c.HasIndex(x => x.CaseId);
        c.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StudyReaderMapping : IEntityTypeConfiguration<StudyReader>
{
    public void Configure(EntityTypeBuilder<StudyReader> r)
    {
        r.HasIndex(x => new { x.StudyId, x.UserId }).IsUnique();
        r.HasIndex(x => x.UserId);
        r.Property(x => x.UserId).HasMaxLength(450);
        r.HasOne(x => x.User).WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        r.HasMany(x => x.Reads).WithOne(x => x.Reader).HasForeignKey(x => x.StudyReaderId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StudyReadMapping : IEntityTypeConfiguration<StudyRead>
{
    public void Configure(EntityTypeBuilder<StudyRead> r)
    {
        r.HasIndex(x => x.PublicId).IsUnique();
        // One reading per reader and case, and one case per place in a reader's order: a double "start" cannot
        // give a reader two orders.
        r.HasIndex(x => new { x.StudyReaderId, x.StudyCaseId }).IsUnique();
        r.HasIndex(x => new { x.StudyReaderId, x.Sequence }).IsUnique();
        r.HasIndex(x => x.StudyCaseId);
        r.HasOne(x => x.StudyCase).WithMany().HasForeignKey(x => x.StudyCaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
