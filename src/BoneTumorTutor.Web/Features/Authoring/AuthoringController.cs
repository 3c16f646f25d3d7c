using BoneTumorTutor.Accounts;
using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Content;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Features.Authoring;

public sealed record CaseListRow(int Id, string Slug, string Title, CaseStatus Status, Diagnosis Diagnosis, CaseOrigin Origin, bool HasBox, DateTime UpdatedAt);

public sealed record CaseListPage(
    IReadOnlyList<CaseListRow> Cases, CaseStatus? Filter, IReadOnlyDictionary<CaseStatus, int> Counts, IReadOnlyDictionary<int, CaseStats> Stats, string? ModelName, string? Message);

public sealed record CaseEditPage(
    EditedCase? Case, CaseInput Input, IReadOnlyList<FieldProblem> Problems, IReadOnlyList<RevisionEntry> Revisions, string? Message, bool Conflict)
{
    public CaseStats? Stats { get; init; }

    public string? ModelName { get; init; }

    public bool IsNew => Case is null;

    public string? ProblemFor(string field) => Problems.FirstOrDefault(p => p.Field == field)?.Message;
}

public sealed class PreviewInput
{
    public string? Markdown { get; set; }
}

/// <summary>The case editor: educators and admins list, create, edit, publish, retire and restore cases.</summary>
[Authorize(Roles = Roles.EducatorOrAdmin), Route("educator/cases")]
public sealed class AuthoringController(
    CaseEditor editor, CaseExport export, CaseStatistics statistics, IActiveModel activeModel, AppDbContext db, UserManager<AppUser> users) : Controller
{
    /// <summary>The largest editor request: the radiograph cap plus room for the form fields.</summary>
    public const long MaxRequestBytes = Radiographs.MaxFileBytes + 1024 * 1024;

    private Editor CurrentEditor => new(users.GetUserId(User), User.Identity?.Name ?? "unknown");

    [HttpGet("")]
    public async Task<IActionResult> Index(string? status, string? message, CancellationToken cancellationToken)
    {
        CaseStatus? filter = CaseVocabulary.TryParseStatus(status, out var parsed) ? parsed : null;
        var counts = await db.Cases.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, cancellationToken);
        var query = db.Cases.AsNoTracking();
        if (filter is { } f)
        {
            query = query.Where(c => c.Status == f);
        }

        var rows = await query.OrderBy(c => c.Slug)
            .Select(c => new CaseListRow(c.Id, c.Slug, c.Title, c.Status, c.Diagnosis, c.Origin, c.LesionBox != null, c.UpdatedAt))
            .ToListAsync(cancellationToken);
        var stats = await statistics.ForCasesAsync(filter is null ? null : rows.Select(r => r.Id).ToList(), cancellationToken);
        return View(new CaseListPage(rows, filter, counts, stats, activeModel.Current?.Name, message));
    }

    [HttpGet("new")]
    public IActionResult New() => View("Edit", new CaseEditPage(null, CaseInput.Blank(), [], [], null, false));

    [HttpPost("new"), EnableRateLimiting(AbuseLimits.Upload)]
    [RequestSizeLimit(MaxRequestBytes), RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Create(CaseInput input, CancellationToken cancellationToken)
    {
        var (upload, uploadProblem) = await ReadUploadAsync(input.Image, cancellationToken);
        if (uploadProblem is not null || input.HasPartialBox)
        {
            return Invalid(null, input, [.. Problems(uploadProblem, input)], []);
        }

        var outcome = await editor.CreateAsync(input.ToFields(), upload, CurrentEditor, cancellationToken);
        return outcome.Status == EditStatus.Saved
            ? RedirectToAction(nameof(Edit), new { id = outcome.CaseId, message = "Case created as a draft." })
            : Invalid(null, input, outcome.Problems, []);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, string? message, CancellationToken cancellationToken)
    {
        var edited = await editor.GetAsync(id, cancellationToken);
        if (edited is null)
        {
            return NotFound();
        }

        var stats = await statistics.ForCasesAsync([id], cancellationToken);
        return View(new CaseEditPage(edited, CaseInput.From(edited.Fields, edited.Version), [], await editor.RevisionsAsync(id, cancellationToken), message, false)
        {
            Stats = stats.GetValueOrDefault(id),
            ModelName = activeModel.Current?.Name,
        });
    }

    [HttpPost("{id:int}"), EnableRateLimiting(AbuseLimits.Upload)]
    [RequestSizeLimit(MaxRequestBytes), RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Save(int id, CaseInput input, CancellationToken cancellationToken)
    {
        var edited = await editor.GetAsync(id, cancellationToken);
        if (edited is null)
        {
            return NotFound();
        }

        var (upload, uploadProblem) = await ReadUploadAsync(input.Image, cancellationToken);
        if (uploadProblem is not null || input.HasPartialBox)
        {
            return Invalid(edited, input, [.. Problems(uploadProblem, input)], await editor.RevisionsAsync(id, cancellationToken));
        }

        var outcome = await editor.SaveAsync(id, input.Version, input.ToFields(), upload, CurrentEditor, cancellationToken);
        return await AfterAsync(outcome, edited, input, "Saved.", cancellationToken);
    }

    [HttpPost("{id:int}/status")]
    public async Task<IActionResult> SetStatus(int id, CaseStatus status, int version, CancellationToken cancellationToken)
    {
        var edited = await editor.GetAsync(id, cancellationToken);
        if (edited is null)
        {
            return NotFound();
        }

        var outcome = await editor.SetStatusAsync(id, version, status, CurrentEditor, cancellationToken);
        return await AfterAsync(outcome, edited, CaseInput.From(edited.Fields, version), $"Status: {CaseVocabulary.StatusKey(status)}.", cancellationToken);
    }

    [HttpPost("{id:int}/revisions/{number:int}/restore")]
    public async Task<IActionResult> Restore(int id, int number, int version, CancellationToken cancellationToken)
    {
        var edited = await editor.GetAsync(id, cancellationToken);
        if (edited is null)
        {
            return NotFound();
        }

        var outcome = await editor.RestoreAsync(id, number, version, CurrentEditor, cancellationToken);
        return await AfterAsync(outcome, edited, CaseInput.From(edited.Fields, version), $"Revision {number} restored.", cancellationToken);
    }

    /// <summary>Every case as a zip of the content/ layout (cases/&lt;slug&gt;/case.md + image).</summary>
    [HttpGet("export")]
    public Task<IActionResult> ExportAll(CancellationToken cancellationToken) => ZipAsync(null, "bonetumortutor-cases.zip", cancellationToken);

    /// <summary>One case as a zip of its content folder.</summary>
    [HttpGet("{id:int}/export")]
    public async Task<IActionResult> Export(int id, CancellationToken cancellationToken)
    {
        var slug = await db.Cases.Where(c => c.Id == id && c.ImageId != null).Select(c => c.Slug).FirstOrDefaultAsync(cancellationToken);
        return slug is null ? NotFound() : await ZipAsync(id, $"{slug}.zip", cancellationToken);
    }

    private async Task<IActionResult> ZipAsync(int? caseId, string fileName, CancellationToken cancellationToken)
    {
        // A temp file, not memory: an imported collection runs to hundreds of megabytes.
        var temp = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await export.ToZipAsync(temp, caseId, cancellationToken);
        temp.Position = 0;
        return File(temp, "application/zip", fileName);
    }

    /// <summary>The live preview: Markdown rendered by the same pipeline as the reveal page.</summary>
    [HttpPost("preview")]
    [RequestSizeLimit(4 * CaseFields.MaxNotesLength)]
    public IActionResult Preview([FromForm] PreviewInput input)
    {
        var markdown = input.Markdown ?? "";
        if (markdown.Length > CaseFields.MaxNotesLength)
        {
            return BadRequest($"The notes are longer than {CaseFields.MaxNotesLength:N0} characters.");
        }

        return Content(TeachingNotes.ToHtml(markdown), "text/html; charset=utf-8");
    }

    private async Task<IActionResult> AfterAsync(EditOutcome outcome, EditedCase edited, CaseInput input, string message, CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case EditStatus.Saved:
                return RedirectToAction(nameof(Edit), new { id = edited.Id, message });
            case EditStatus.Conflict:
                // Show the educator's own input again (nothing lost), against the newer saved case.
                var current = await editor.GetAsync(edited.Id, cancellationToken) ?? edited;
                Response.StatusCode = StatusCodes.Status409Conflict;
                return View("Edit", new CaseEditPage(current, input, [], await editor.RevisionsAsync(edited.Id, cancellationToken), null, true));
            case EditStatus.Invalid:
                return Invalid(edited, input, outcome.Problems, await editor.RevisionsAsync(edited.Id, cancellationToken));
            default:
                return NotFound();
        }
    }

    private ViewResult Invalid(EditedCase? edited, CaseInput input, IReadOnlyList<FieldProblem> problems, IReadOnlyList<RevisionEntry> revisions)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Edit", new CaseEditPage(edited, input, problems, revisions, null, false));
    }

    private static IEnumerable<FieldProblem> Problems(FieldProblem? upload, CaseInput input)
    {
        if (upload is not null)
        {
            yield return upload;
        }

        if (input.HasPartialBox)
        {
            yield return new FieldProblem(nameof(CaseFields.LesionBox), "Give all four numbers of the lesion box, or none.");
        }
    }

    private static async Task<(UploadedImage? Upload, FieldProblem? Problem)> ReadUploadAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0)
        {
            return (null, null);
        }

        if (file.Length > Radiographs.MaxFileBytes)
        {
            return (null, new FieldProblem("Image", $"The file is larger than {Radiographs.MaxFileBytes / (1024 * 1024)} MB. Nothing was saved."));
        }

        using var stream = new MemoryStream((int)file.Length);
        await file.CopyToAsync(stream, cancellationToken);
        return (new UploadedImage(file.FileName, stream.ToArray()), null);
    }
}
