using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Content;
using BoneTumorTutor.Studies;
using BoneTumorTutor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace BoneTumorTutor.Web.Features.Studies;

public sealed class ReadInput
{
    public Diagnosis? Diagnosis { get; set; }

    public int? Confidence { get; set; }
}

public sealed record ReadPage(ReadingScreen Screen, string InstructionsHtml, ReadInput Input, string? Problem);

public sealed record StudyMessagePage(string Title, string Message, int? StudyId);

/// <summary>Reading a study (any assigned user, whatever their role) and, once it is closed, the reader's own feedback.</summary>
[Route("studies/{id:int}"), Authorize(Roles = StudiesController.AnyRole)]
public sealed class StudyReadingController(StudyReading reading, UserManager<AppUser> users) : Controller
{
    private string UserId => users.GetUserId(User)!;

    // The views live in the Studies feature folder, not in one named after this controller.
    private static string InFolder(string view) => $"/Features/Studies/{view}.cshtml";

    [HttpGet("read")]
    public async Task<IActionResult> Read(int id, CancellationToken cancellationToken)
    {
        var (refusal, screen) = await reading.ScreenAsync(id, UserId, cancellationToken);
        return refusal == ReadingRefusal.None
            ? View(InFolder("Read"), new ReadPage(screen!, TeachingNotes.ToHtml(screen!.InstructionsMarkdown), new ReadInput { Confidence = 50 }, null))
            : await RefusedAsync(id, refusal, cancellationToken);
    }

    [HttpPost("start")]
    public async Task<IActionResult> Start(int id, CancellationToken cancellationToken)
    {
        var refusal = await reading.StartAsync(id, UserId, cancellationToken);
        return refusal == ReadingRefusal.None ? RedirectToAction(nameof(Read), new { id }) : await RefusedAsync(id, refusal, cancellationToken);
    }

    [HttpPost("pause")]
    public async Task<IActionResult> Pause(int id, CancellationToken cancellationToken)
    {
        await reading.PauseAsync(id, UserId, cancellationToken);
        return Redirect("/studies");
    }

    [HttpPost("read/{readId:guid}/unaided"), EnableRateLimiting(AbuseLimits.Answer)]
    public Task<IActionResult> Unaided(int id, Guid readId, ReadInput input, CancellationToken cancellationToken) =>
        CommitAsync(id, readId, aided: false, input, cancellationToken);

    [HttpPost("read/{readId:guid}/aided"), EnableRateLimiting(AbuseLimits.Answer)]
    public Task<IActionResult> Aided(int id, Guid readId, ReadInput input, CancellationToken cancellationToken) =>
        CommitAsync(id, readId, aided: true, input, cancellationToken);

    [HttpGet("feedback")]
    public async Task<IActionResult> Feedback(int id, CancellationToken cancellationToken)
    {
        var (refusal, feedback) = await reading.FeedbackAsync(id, UserId, cancellationToken);
        return refusal switch
        {
            ReadingRefusal.None => View(InFolder("Feedback"), feedback),
            ReadingRefusal.StillOpen => Message(StatusCodes.Status403Forbidden, "Feedback after the study closes",
                "The study is still open. Your results and the proven diagnoses are shown once it closes.", id),
            _ => await RefusedAsync(id, refusal, cancellationToken),
        };
    }

    private async Task<IActionResult> CommitAsync(int id, Guid readId, bool aided, ReadInput input, CancellationToken cancellationToken)
    {
        var outcome = await reading.CommitAsync(id, UserId, readId, aided, input.Diagnosis, input.Confidence, cancellationToken);
        switch (outcome.Status)
        {
            case ReadCommitStatus.Saved:
                return RedirectToAction(nameof(Read), new { id });
            case ReadCommitStatus.Invalid:
                var (refusal, screen) = await reading.ScreenAsync(id, UserId, cancellationToken);
                if (refusal != ReadingRefusal.None || screen!.Case?.ReadId != readId)
                {
                    return Message(StatusCodes.Status422UnprocessableEntity, "Reading not recorded", outcome.Message!, id);
                }

                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return View(InFolder("Read"), new ReadPage(screen, TeachingNotes.ToHtml(screen.InstructionsMarkdown), input, outcome.Message));
            case ReadCommitStatus.AlreadyRecorded:
                return Message(StatusCodes.Status409Conflict, "Already recorded", outcome.Message!, id);
            case ReadCommitStatus.OutOfOrder:
                return Message(StatusCodes.Status409Conflict, "Reading not recorded", outcome.Message!, id);
            case ReadCommitStatus.NotAssigned:
                return Message(StatusCodes.Status403Forbidden, "Not a reader in this study", outcome.Message!, null);
            case ReadCommitStatus.Closed:
                return Message(StatusCodes.Status403Forbidden, "Reading closed", outcome.Message!, id);
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> RefusedAsync(int id, ReadingRefusal refusal, CancellationToken cancellationToken)
    {
        switch (refusal)
        {
            case ReadingRefusal.NotAssigned:
                return Message(StatusCodes.Status403Forbidden, "Not a reader in this study", "You are not assigned to read this study.", null);
            case ReadingRefusal.Closed:
                var (_, message) = await reading.ExplainAsync(id, cancellationToken);
                return Message(StatusCodes.Status403Forbidden, "Reading closed", message, id);
            default:
                return NotFound();
        }
    }

    private ViewResult Message(int status, string title, string message, int? studyId)
    {
        Response.StatusCode = status;
        return View(InFolder("StudyMessage"), new StudyMessagePage(title, message, studyId));
    }
}
