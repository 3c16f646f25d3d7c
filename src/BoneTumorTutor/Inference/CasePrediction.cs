using BoneTumorTutor.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BoneTumorTutor.Inference;

/// <summary>
/// A model's reading of a case, computed when the case is published or the model activated and cached per
/// (case, model file hash); never computed on a page view.
/// </summary>
public class CasePrediction
{
    public long Id { get; set; }

    public int CaseId { get; set; }

    public Case? Case { get; set; }

    /// <summary>SHA-256 of the ONNX file.</summary>
    public required string ModelSha256 { get; set; }

    /// <summary>The model's probability of osteosarcoma, 0–1.</summary>
    public double ProbabilityOs { get; set; }

    /// <summary>The model's call at the threshold of its card.</summary>
    public Diagnosis Call { get; set; }

    public DateTime ComputedAt { get; set; }
}

internal sealed class CasePredictionMapping : IEntityTypeConfiguration<CasePrediction>
{
    public void Configure(EntityTypeBuilder<CasePrediction> p)
    {
        p.HasIndex(x => new { x.CaseId, x.ModelSha256 }).IsUnique();
        p.HasIndex(x => x.ModelSha256);
        p.Property(x => x.ModelSha256).HasMaxLength(64);
        p.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
