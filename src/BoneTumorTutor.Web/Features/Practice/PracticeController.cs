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

    /// <summary>On the aided form: the model whose reading the page showed (a hidden field).</summary>
    public string? ModelSha256 { get; set; }
}

public sealed record CasePage(PracticeCase Case, AnswerInput Input, string? Problem);

/// <summary>The reveal page: the reveal, and the aided second-read form's input and problem when it was refused.</summary>
public sealed record RevealPage(BoneTumorTutor.Practice.Reveal Reveal, AnswerInput AidedInput, string? AidedProblem);

/// <summary>The reveal's parts that show the model: the page and the one reading the reveal loaded for both.</summary>
public sealed record RevealModelParts(RevealPage Page, BoneTumorTutor.Inference.ModelReadingView Reading);

/// <summary>A refusal that has no page of its own to show it on.</summary>
public sealed record PracticeMessage(string Title, string Text, string LinkHref, string LinkText);

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, bool MistakesOnly, int Page, int PageCount, int Total);

[Authorize(Roles = Roles.Trainee), Route("practice")]
public sealed class PracticeController(PracticeService practice, AidedAnswers aided, UserManager<AppUser> users) : Controller
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
        var outcome = await practice.AnswerAsync(UserId, id, input.Diagnosis, input.Confidence, cancellationToken);
        switch (outcome.Status)
        {
            case AnswerStatus.Saved or AnswerStatus.AlreadyAnswered:
                return RedirectToAction(nameof(Reveal), new { id });
            case AnswerStatus.Invalid:
                var open = await practice.GetOpenCaseAsync(UserId, id, cancellationToken);
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
        return reveal is null ? NotFound() : View(new RevealPage(reveal, new AnswerInput { Diagnosis = reveal.Answer, Confidence = reveal.Confidence }, null));
    }

    /// <summary>
    /// The aided second answer, given on the reveal after seeing the model. Stored once beside the unaided answer; a
    /// repeat lands on the reveal and stores nothing. Refused before the unaided answer and when the case has no model output.
    /// </summary>
    [HttpPost("{id:guid}/aided"), EnableRateLimiting(AbuseLimits.Answer)]
    public async Task<IActionResult> Aided(Guid id, AnswerInput input, CancellationToken cancellationToken)
    {
        var outcome = await aided.SubmitAsync(UserId, id, input.Diagnosis, input.Confidence, input.ModelSha256, cancellationToken);
        switch (outcome.Status)
        {
            case AidedStatus.Saved or AidedStatus.AlreadyGiven:
                return RedirectToAction(nameof(Reveal), new { id });
            case AidedStatus.NotAnsweredYet:
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View("Message", new PracticeMessage("Answer first", outcome.Message!, $"/practice/{id}", "Back to the case"));
            case AidedStatus.NoModelOutput or AidedStatus.ModelChanged or AidedStatus.Invalid:
                var reveal = await practice.GetRevealAsync(UserId, id, cancellationToken);
                if (reveal is null)
                {
                    return NotFound();
                }

                Response.StatusCode = outcome.Status == AidedStatus.Invalid ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status409Conflict;
                // A changed model re-shows the page with the new reading and a form that names it.
                return View(nameof(Reveal), new RevealPage(reveal, input, outcome.Message));
            default:
                return NotFound();
        }
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
