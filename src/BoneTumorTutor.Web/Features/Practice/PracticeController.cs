using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Practice;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using BoneTumorTutor.Web.Infrastructure;

namespace BoneTumorTutor.Web.Features.Practice;

public sealed class AnswerInput
{
    public Diagnosis? Diagnosis { get; set; }

    public int? Confidence { get; set; }
}

public sealed record CasePage(PracticeCase Case, AnswerInput Input, string? Problem);

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, bool MistakesOnly, int Page, int PageCount, int Total);

[Authorize(Roles = Roles.Trainee), Route("practice")]
public sealed class PracticeController(PracticeService practice, UserManager<AppUser> users) : Controller
{
    private const int HistoryPageSize = 50;

    private string UserId => users.GetUserId(User)!;

    [HttpGet("")]
    public IActionResult Index() => RedirectToAction(nameof(Next));

    /// <summary>The trainee's open case, or the next one.</summary>
    [HttpGet("next")]
    public async Task<IActionResult> Next(CancellationToken cancellationToken)
    {
        var attemptId = await practice.NextAsync(UserId, cancellationToken);
        return attemptId is null ? View("NoCases") : RedirectToAction(nameof(Case), new { id = attemptId });
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Case(Guid id, CancellationToken cancellationToken)
    {
        var open = await practice.GetOpenCaseAsync(UserId, id, cancellationToken);
        if (open is not null)
        {
            return View(new CasePage(open, new AnswerInput { Confidence = 50 }, null));
        }

        return await practice.IsAnsweredAsync(UserId, id, cancellationToken) ? RedirectToAction(nameof(Reveal), new { id }) : NotFound();
    }

    /// <summary>Commits the unaided answer. A repeat (double click, second tab) lands on the same reveal and stores nothing.</summary>
    [HttpPost("{id:guid}/answer"), EnableRateLimiting(AbuseLimits.Answer)]
    public async Task<IActionResult> Answer(Guid id, AnswerInput input, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var outcome = await practice.AnswerAsync(user.Id, id, input.Diagnosis, input.Confidence, user.ExperienceYears, cancellationToken);
        switch (outcome.Status)
        {
            case AnswerStatus.Saved or AnswerStatus.AlreadyAnswered:
                return RedirectToAction(nameof(Reveal), new { id });
            case AnswerStatus.Invalid:
                var open = await practice.GetOpenCaseAsync(user.Id, id, cancellationToken);
                if (open is null)
                {
                    return NotFound();
                }

                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return View(nameof(Case), new CasePage(open, input, outcome.Message));
            default:
                return NotFound();
        }
    }

    [HttpGet("{id:guid}/reveal")]
    public async Task<IActionResult> Reveal(Guid id, CancellationToken cancellationToken)
    {
        var reveal = await practice.GetRevealAsync(UserId, id, cancellationToken);
        return reveal is null ? NotFound() : View(reveal);
    }

    [HttpGet("history")]
    public async Task<IActionResult> History(bool mistakes = false, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        var (entries, total) = await practice.HistoryAsync(UserId, mistakes, page, HistoryPageSize, cancellationToken);
        var pageCount = Math.Max(1, (total + HistoryPageSize - 1) / HistoryPageSize);
        return View(new HistoryPage(entries, mistakes, page, pageCount, total));
    }
}
