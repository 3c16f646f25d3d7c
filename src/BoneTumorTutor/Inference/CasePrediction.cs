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

    /// <summary>Hash of what the reading was computed from (image, lesion box, age, sex, site); a change makes it stale.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(64)]
    public string InputHash { get; set; } = "";

    /// <summary>Size of the CAM grid (h × w) and both class maps as little-endian float32, GCT first then OS: [2, h, w].</summary>
    public int CamHeight { get; set; }

    public int CamWidth { get; set; }

    public byte[] Cam { get; set; } = [];

    /// <summary>The crop square the CAM covers, in frame pixels (contract step 2), and the frame size.</summary>
    public double CropCenterX { get; set; }

    public double CropCenterY { get; set; }

    public double CropSide { get; set; }

    public int FrameSize { get; set; }

    /// <summary>The model's embedding as little-endian float32 (feature map, OOD check).</summary>
    public byte[] Embedding { get; set; } = [];

    /// <summary>Distance of the embedding from the training data by the card's OOD rule; null when the card has none.</summary>
    public double? OodDistance { get; set; }

    /// <summary>True when <see cref="OodDistance"/> exceeds the card's threshold: the reading is unreliable.</summary>
    public bool IsOutOfDistribution { get; set; }

    /// <summary>The card's clinical-only model's probability of osteosarcoma from age, sex and site.</summary>
    public double? ClinicalProbability { get; set; }

    /// <summary>The CAM of one class (0 = GCT, 1 = OS) as h × w floats.</summary>
    public float[] CamOf(int classIndex)
    {
        var cells = CamHeight * CamWidth;
        if (Cam.Length != 2 * cells * sizeof(float))
        {
            return [];
        }

        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Cam.AsSpan(classIndex * cells * sizeof(float), cells * sizeof(float))).ToArray();
    }

    public float[] EmbeddingValues() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Embedding).ToArray();
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
