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
    public Task<bool> MayViewAsync(string userId, int caseId, CancellationToken cancellationToken) =>
        Viewable(userId).AnyAsync(r => r.StudyCase!.CaseId == caseId, cancellationToken);

    public async Task<IReadOnlySet<int>> ViewableCasesAsync(string userId, CancellationToken cancellationToken) =>
        await Viewable(userId).Select(r => r.StudyCase!.CaseId).ToHashSetAsync(cancellationToken);

    private IQueryable<StudyRead> Viewable(string userId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.StudyReads.Where(
            r => r.Reader!.UserId == userId
                && r.UnaidedAt != null
                && r.Reader.Study!.Design == StudyDesign.Sequential
                && r.Reader.Study.ClosedAt == null
                && r.Reader.Study.Deadline >= now);
    }
}
