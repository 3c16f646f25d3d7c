using System.Diagnostics;
using System.Text;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Content;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Studies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Features.Studies;

/// <summary>The study form as posted: set-up, case set (by filters or by hand) and readers (by person or band).</summary>
public sealed class StudyForm
{
    public string Name { get; set; } = "";

    public string? Instructions { get; set; }

    public StudyDesign Design { get; set; } = StudyDesign.Sequential;

    /// <summary>UTC, as the form says.</summary>
    public DateTime? Deadline { get; set; }

    public CaseSetMode Mode { get; set; } = CaseSetMode.Filters;

    public int Count { get; set; } = 20;

    public bool Balanced { get; set; } = true;

    public int ModelErrors { get; set; }

    public bool IncludeSynthetic { get; set; } = true;

    public string? Site { get; set; }

    public List<int> CaseIds { get; set; } = [];

    public List<string> ReaderIds { get; set; } = [];

    public List<ExperienceBand> Bands { get; set; } = [];

    public StudySetup ToSetup() => new(
        Name ?? "", Instructions ?? "", Design, Deadline ?? default, Mode,
        new CaseSetRequest(Count, Balanced, ModelErrors), IncludeSynthetic, Site, CaseIds, ReaderIds, Bands);
}

public sealed record StudyFormPage(
    int? StudyId,
    StudyForm Input,
    IReadOnlyList<CaseChoice> Cases,
    IReadOnlyList<ReaderChoice> Readers,
    ActiveModelInfo? Model,
    string? LockedModelName,
    bool Locked,
    string? Problem,
    ExperienceOptions Bands);

public sealed record StudiesPage(IReadOnlyList<StudySummary> All, IReadOnlyList<AssignedStudy> Mine, bool IsStaff, string? Message);

public sealed record StudyResultsPage(StudyDetails Study, StudyResults Results, double AnalysisMs, ExperienceOptions Bands);

public sealed record StudyDetailsPage(StudyDetails Study, string InstructionsHtml, string? Message, ExperienceOptions Bands);

/// <summary>Reader studies: the list, creating and editing (Director, Educator), closing.</summary>
[Route("studies")]
public sealed class StudiesController(StudyService studies, UserManager<AppUser> users, IOptions<ExperienceOptions> experience) : Controller
{
    /// <summary>Everyone signed in with a role sees their own assigned studies; staff also see all studies.</summary>
    public const string AnyRole = Roles.Trainee + "," + Roles.Educator + "," + Roles.Director + "," + Roles.Admin;

    public const string Managers = Roles.Director + "," + Roles.Educator;

    [HttpGet(""), Authorize(Roles = AnyRole)]
    public async Task<IActionResult> Index(string? message, CancellationToken cancellationToken)
    {
        var isStaff = User.IsInRole(Roles.Director) || User.IsInRole(Roles.Educator);
        var all = isStaff ? await studies.ListAsync(cancellationToken) : [];
        var mine = await studies.AssignedToAsync(users.GetUserId(User)!, cancellationToken);
        return View(new StudiesPage(all, mine, isStaff, Messages.Describe(message)));
    }

    [HttpGet("new"), Authorize(Roles = Managers)]
    public async Task<IActionResult> Create(CancellationToken cancellationToken)
    {
        var model = studies.ModelToLock;
        var input = new StudyForm
        {
            Design = model is null ? StudyDesign.UnaidedOnly : StudyDesign.Sequential,
            Deadline = DateTime.UtcNow.Date.AddDays(15),
            Instructions = "Read each radiograph as you would in clinical practice and give your probability of osteosarcoma.",
        };
        return View("Form", await FormPageAsync(null, input, null, false, null, cancellationToken));
    }

    [HttpPost("new"), Authorize(Roles = Managers)]
    public async Task<IActionResult> Create(StudyForm input, CancellationToken cancellationToken)
    {
        var outcome = await studies.CreateAsync(users.GetUserId(User)!, input.ToSetup(), cancellationToken);
        if (outcome.Status == StudyChangeStatus.Saved)
        {
            return RedirectToAction(nameof(Details), new { id = outcome.StudyId, message = "created" });
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Form", await FormPageAsync(null, input, null, false, outcome.Message, cancellationToken));
    }

    [HttpGet("{id:int}"), Authorize(Roles = Managers)]
    public async Task<IActionResult> Details(int id, string? message, CancellationToken cancellationToken)
    {
        var study = await studies.GetAsync(id, cancellationToken);
        return study is null
            ? NotFound()
            : View(new StudyDetailsPage(study, TeachingNotes.ToHtml(study.InstructionsMarkdown), Messages.Describe(message), experience.Value));
    }

    [HttpGet("{id:int}/edit"), Authorize(Roles = Managers)]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var study = await studies.GetAsync(id, cancellationToken);
        if (study is null)
        {
            return NotFound();
        }

        var input = new StudyForm
        {
            Name = study.Name,
            Instructions = study.InstructionsMarkdown,
            Design = study.Design,
            Deadline = study.Deadline,
            Mode = CaseSetMode.Hand,
            CaseIds = [.. study.Cases.Select(c => c.CaseId)],
            ReaderIds = [.. study.Readers.Select(r => r.UserId)],
        };
        return View("Form", await FormPageAsync(id, input, study.ModelName, study.LockedAt is not null, null, cancellationToken));
    }

    [HttpPost("{id:int}/edit"), Authorize(Roles = Managers)]
    public async Task<IActionResult> Edit(int id, StudyForm input, CancellationToken cancellationToken)
    {
        var outcome = await studies.UpdateAsync(id, input.ToSetup(), cancellationToken);
        switch (outcome.Status)
        {
            case StudyChangeStatus.Saved:
                return RedirectToAction(nameof(Details), new { id, message = "saved" });
            case StudyChangeStatus.NotFound:
                return NotFound();
            default:
                var study = await studies.GetAsync(id, cancellationToken);
                Response.StatusCode = outcome.Status == StudyChangeStatus.Locked ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
                return View("Form", await FormPageAsync(id, input, study?.ModelName, study?.LockedAt is not null, outcome.Message, cancellationToken));
        }
    }

    [HttpPost("{id:int}/close"), Authorize(Roles = Managers)]
    public async Task<IActionResult> Close(int id, CancellationToken cancellationToken)
    {
        var outcome = await studies.CloseAsync(id, cancellationToken);
        return outcome.Status switch
        {
            StudyChangeStatus.NotFound => NotFound(),
            StudyChangeStatus.Saved => RedirectToAction(nameof(Details), new { id, message = "closed" }),
            _ => RedirectToAction(nameof(Details), new { id, message = "already-closed" }),
        };
    }

    /// <summary>The MRMC analysis of the study as it stands (partial studies on their fully crossed subset).</summary>
    [HttpGet("{id:int}/results"), Authorize(Roles = Roles.Director)]
    public async Task<IActionResult> Results(int id, CancellationToken cancellationToken)
    {
        var study = await studies.GetAsync(id, cancellationToken);
        var data = await studies.DataAsync(id, cancellationToken);
        if (study is null || data is null)
        {
            return NotFound();
        }

        var timer = Stopwatch.StartNew();
        var results = StudyAnalysis.Analyze(data, experience.Value);
        timer.Stop();
        return View(new StudyResultsPage(study, results, timer.Elapsed.TotalMilliseconds, experience.Value));
    }

    [HttpGet("{id:int}/export/ratings.csv"), Authorize(Roles = Roles.Director)]
    public Task<IActionResult> ExportRatings(int id, CancellationToken cancellationToken) =>
        ExportAsync(id, "ratings.csv", "text/csv", StudyExports.RatingsCsv, cancellationToken);

    [HttpGet("{id:int}/export/ratings.imrmc"), Authorize(Roles = Roles.Director)]
    public Task<IActionResult> ExportImrmc(int id, CancellationToken cancellationToken) =>
        ExportAsync(id, "ratings.imrmc", "text/plain", StudyExports.Imrmc, cancellationToken);

    [HttpGet("{id:int}/export/results.csv"), Authorize(Roles = Roles.Director)]
    public Task<IActionResult> ExportResults(int id, CancellationToken cancellationToken) =>
        ExportAsync(id, "results.csv", "text/csv", d => StudyExports.ResultsCsv(StudyAnalysis.Analyze(d, experience.Value)), cancellationToken);

    private async Task<IActionResult> ExportAsync(int id, string name, string type, Func<StudyData, string> write, CancellationToken cancellationToken)
    {
        var data = await studies.DataAsync(id, cancellationToken);
        return data is null ? NotFound() : File(Encoding.UTF8.GetBytes(write(data)), type + "; charset=utf-8", $"study-{id}-{name}");
    }

    private async Task<StudyFormPage> FormPageAsync(int? id, StudyForm input, string? lockedModel, bool locked, string? problem, CancellationToken cancellationToken) =>
        new(id, input, await studies.CaseChoicesAsync(cancellationToken), await studies.ReaderChoicesAsync(cancellationToken),
            studies.ModelToLock, lockedModel, locked, problem, experience.Value);
}

/// <summary>Fixed messages a redirect may ask a page to show (never free text from the query string).</summary>
internal static class Messages
{
    public static string? Describe(string? key) => key switch
    {
        "created" => "The study was created. Readers see it under Studies.",
        "saved" => "The study was saved.",
        "closed" => "The study is closed. Readers can now see their feedback.",
        "already-closed" => "The study was already closed.",
        _ => null,
    };
}
