using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Importing;
using BoneTumorTutor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Features.Import;

public sealed record ImportFolder(string Path, string Kind, IReadOnlyList<string> Manifests);

public sealed record ImportPage(IReadOnlyList<ImportFolder> Folders, IReadOnlyList<string> Roots, ImportJob? Latest, string? Problem);

public sealed class ImportInput
{
    public string? Folder { get; set; }
    public string? Kind { get; set; }
    public string? Manifest { get; set; }
    public List<string> Types { get; set; } = [];
    public List<string> Sites { get; set; } = [];
    public bool Publish { get; set; }
}

/// <summary>JSON the progress poller reads.</summary>
public sealed record ImportStatus(
    bool Running, bool Finished, string? Description, int Total, int Done, int Added, int Updated, int Unchanged, int Kept, int Failed,
    double RatePerSecond, double ElapsedSeconds, IReadOnlyList<string> Errors, string? Fatal);

/// <summary>Imports from the browser: BTXRD or a folder with a manifest, from the configured import folders only.</summary>
[Authorize(Roles = Roles.EducatorOrAdmin), Route("educator/import")]
public sealed class ImportController(ImportJobs jobs, IOptions<ImportOptions> options, AppPaths paths) : Controller
{
    private IReadOnlyList<string> Roots =>
        (options.Value.Roots.Count > 0 ? options.Value.Roots : [System.IO.Path.Combine(paths.DataDirectory, "import")])
        .Select(System.IO.Path.GetFullPath).ToList();

    [HttpGet("")]
    public IActionResult Index(string? problem) => View(new ImportPage(Folders(), Roots, jobs.Latest, problem));

    [HttpPost(""), EnableRateLimiting(AbuseLimits.Upload)]
    public IActionResult Start(ImportInput input)
    {
        var folder = Folders().FirstOrDefault(f => f.Path == input.Folder);
        if (folder is null)
        {
            return RedirectToAction(nameof(Index), new { problem = "Choose one of the listed folders." });
        }

        var settings = new ImportSettings
        {
            NewCaseStatus = input.Publish ? CaseStatus.Published : CaseStatus.Draft,
            ToolName = $"{input.Kind} import by {User.Identity?.Name}",
        };
        ImportJob? job;
        if (input.Kind == "btxrd" && folder.Kind == "btxrd")
        {
            var btxrd = new BtxrdOptions
            {
                TumourTypes = input.Types.Count > 0 ? input.Types : [Btxrd.Osteosarcoma, Btxrd.GiantCellTumor],
                Sites = input.Sites.Count > 0 ? input.Sites : ["femur", "tibia"],
            };
            job = jobs.TryStart($"BTXRD from {folder.Path}", User.Identity?.Name ?? "", () => Btxrd.Read(folder.Path, btxrd), settings);
        }
        else if (input.Kind == "folder" && input.Manifest is { } manifest && folder.Manifests.Contains(manifest))
        {
            job = jobs.TryStart($"{folder.Path} with {manifest}", User.Identity?.Name ?? "",
                () => FolderManifest.Read(folder.Path, System.IO.Path.Combine(folder.Path, manifest), "Institutional teaching file", "Internal teaching use only"),
                settings);
        }
        else
        {
            return RedirectToAction(nameof(Index), new { problem = "That folder cannot be imported that way (BTXRD needs dataset.csv or metadata.csv; a folder import needs one of its CSV manifests)." });
        }

        return job is null
            ? RedirectToAction(nameof(Index), new { problem = "An import is already running; wait for it to finish." })
            : RedirectToAction(nameof(Index));
    }

    [HttpGet("status")]
    public IActionResult Status()
    {
        var job = jobs.Latest;
        var p = job?.Progress;
        return Json(new ImportStatus(
            job is { Finished: false }, job?.Finished ?? false, job?.Description, p?.Total ?? 0, p?.Done ?? 0, p?.Added ?? 0, p?.Updated ?? 0,
            p?.Unchanged ?? 0, p?.Kept ?? 0, p?.Failed ?? 0, p?.RatePerSecond ?? 0, p?.Elapsed.TotalSeconds ?? 0,
            p?.Errors.TakeLast(100).ToList() ?? [], job?.Fatal));
    }

    private List<ImportFolder> Folders()
    {
        var found = new List<ImportFolder>();
        foreach (var root in Roots.Where(Directory.Exists))
        {
            foreach (var dir in new[] { root }.Concat(Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal)))
            {
                if (Btxrd.LooksLikeBtxrd(dir))
                {
                    found.Add(new ImportFolder(dir, "btxrd", []));
                }
                else
                {
                    var manifests = Directory.EnumerateFiles(dir, "*.csv").Select(System.IO.Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
                    if (manifests.Count > 0)
                    {
                        found.Add(new ImportFolder(dir, "folder", manifests));
                    }
                }
            }
        }

        return found;
    }
}
