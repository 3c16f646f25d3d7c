using BoneTumorTutor.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BoneTumorTutor.Authoring;

/// <summary>One saved state of a case: who saved it, when, what changed, and the whole state so it can be restored.</summary>
public class CaseRevision
{
    public long Id { get; set; }

    public int CaseId { get; set; }

    public Case? Case { get; set; }

    /// <summary>1, 2, 3… per case.</summary>
    public int Number { get; set; }

    public DateTime SavedAt { get; set; }

    /// <summary>The account that saved it; null for content sync and imports.</summary>
    public string? UserId { get; set; }

    /// <summary>Who saved it, as shown in the history ("ana@example.org", "content sync", "BTXRD import").</summary>
    public required string SavedBy { get; set; }

    /// <summary>What the save was: created, edited, published, restored revision 3…</summary>
    public required string Action { get; set; }

    /// <summary>The field diff against the previous revision, as JSON (<see cref="FieldChange"/> list).</summary>
    public required string ChangesJson { get; set; }

    /// <summary>The case's state after the save, as JSON (<see cref="CaseSnapshot"/>).</summary>
    public required string SnapshotJson { get; set; }
}

internal sealed class CaseRevisionMapping : IEntityTypeConfiguration<CaseRevision>
{
    public void Configure(EntityTypeBuilder<CaseRevision> r)
    {
        r.ToTable("CaseRevisions");
        r.HasIndex(x => new { x.CaseId, x.Number }).IsUnique();
        r.Property(x => x.SavedBy).HasMaxLength(256);
        r.Property(x => x.Action).HasMaxLength(100);
        r.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
