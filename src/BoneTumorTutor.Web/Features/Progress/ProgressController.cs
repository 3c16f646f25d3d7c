using BoneTumorTutor.Accounts;
using BoneTumorTutor.Progress;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BoneTumorTutor.Web.Features.Progress;

/// <summary>The progress page as its owner sees it (links to their own reveals) or as a director sees a learner.</summary>
public sealed record ProgressView(LearnerProgressPage Page, bool IsOwner);

/// <summary>Each signed-in person's own progress; nobody else's can be asked for here.</summary>
[Route("progress")]
public sealed class ProgressController(ProgressService progress, UserManager<AppUser> users) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var page = await progress.ForLearnerAsync(users.GetUserId(User)!, cancellationToken);
        return page is null ? Challenge() : View(new ProgressView(page, IsOwner: true));
    }
}
