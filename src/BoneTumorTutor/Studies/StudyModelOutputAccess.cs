using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Studies;

/// <summary>
/// A reader may see the model's output for a study case once their unaided read of it is committed, in an open
/// sequential study they are assigned to.
/// </summary>
public sealed class StudyModelOutputAccess(AppDbContext db, TimeProvider clock) : IModelOutputAccessRule
{
    public Task<bool> MayViewAsync(string userId, int caseId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.StudyReads.AnyAsync(
            r => r.Reader!.UserId == userId
                && r.StudyCase!.CaseId == caseId
                && r.UnaidedAt != null
                && r.Reader.Study!.Design == StudyDesign.Sequential
                && r.Reader.Study.ClosedAt == null
                && r.Reader.Study.Deadline >= now,
            cancellationToken);
    }
}
