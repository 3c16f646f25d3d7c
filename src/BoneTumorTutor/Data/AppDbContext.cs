using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Practice;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Data;

/// <summary>The product's database: identity, cases and their images, and trainees' attempts.</summary>
public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Case> Cases => Set<Case>();

    public DbSet<CaseImage> CaseImages => Set<CaseImage>();

    public DbSet<Attempt> Attempts => Set<Attempt>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Case>(c =>
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
            c.ComplexProperty(x => x.LesionBox);
            c.HasOne(x => x.Image).WithMany().HasForeignKey(x => x.ImageId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<CaseImage>(i =>
        {
            i.HasIndex(x => x.PublicId).IsUnique();
            i.Property(x => x.OriginalFileName).HasMaxLength(260);
            i.Property(x => x.OriginalContentType).HasMaxLength(40);
            i.Property(x => x.Sha256).HasMaxLength(64);
        });

        builder.Entity<Attempt>(a =>
        {
            a.HasIndex(x => x.PublicId).IsUnique();
            a.HasIndex(x => new { x.UserId, x.AnsweredAt });
            a.HasIndex(x => new { x.CaseId, x.AnsweredAt });
            // At most one open attempt per trainee: two tabs or a double click get the same case, never two.
            a.HasIndex(x => x.UserId).IsUnique().HasFilter("\"AnsweredAt\" IS NULL").HasDatabaseName("IX_Attempts_OneOpenPerUser");
            a.Property(x => x.UserId).HasMaxLength(450);
            a.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
            a.HasOne(x => x.Case).WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
