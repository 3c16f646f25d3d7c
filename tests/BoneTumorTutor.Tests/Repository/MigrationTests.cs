using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Tests.Repository;

/// <summary>The migrations describe the model exactly: a change to an entity without its migration fails here.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_Model_Has_No_Changes_Without_A_Migration()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the last migration's snapshot: add a migration");
    }
}
