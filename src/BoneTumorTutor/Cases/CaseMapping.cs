using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BoneTumorTutor.Cases;

internal sealed class CaseMapping : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> c)
    {
        c.HasIndex(x => x.Slug).IsUnique();
        c.HasIndex(x => x.PublicId).IsUnique();
        c.HasIndex(x => x.Status);
        c.Property(x => x.Slug).HasMaxLength(80);
        c.Property(x => x.Title).HasMaxLength(200);
        c.Property(x => x.ProvenBy).HasMaxLength(40);
        c.Property(x => x.Site).HasMaxLength(40);
        c.Property(x => x.Side).HasMaxLength(20);
        c.Property(x => x.View).HasMaxLength(20);
        c.Property(x => x.Source).HasMaxLength(1000);
        c.Property(x => x.License).HasMaxLength(500);
        c.Property(x => x.Attribution).HasMaxLength(1000);
        c.Property(x => x.ContentHash).HasMaxLength(64);
        c.Property(x => x.ImportKey).HasMaxLength(200);
        c.HasIndex(x => x.ImportKey).IsUnique();
        c.Property(x => x.Version).IsConcurrencyToken();
        c.ComplexProperty(x => x.LesionBox);
        c.HasOne(x => x.Image).WithMany().HasForeignKey(x => x.ImageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CaseImageMapping : IEntityTypeConfiguration<CaseImage>
{
    public void Configure(EntityTypeBuilder<CaseImage> i)
    {
        i.HasIndex(x => x.PublicId).IsUnique();
        i.Property(x => x.OriginalFileName).HasMaxLength(260);
        i.Property(x => x.OriginalContentType).HasMaxLength(40);
        i.Property(x => x.Sha256).HasMaxLength(64);
    }
}
