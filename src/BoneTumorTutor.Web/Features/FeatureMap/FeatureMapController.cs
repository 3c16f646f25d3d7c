using System.Text.Json;
using System.Text.Json.Serialization;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BoneTumorTutor.Web.Features.FeatureMap;

/// <summary>The case the map highlights: one the viewer may name (a trainee: one they have answered).</summary>
public sealed record FeatureMapHighlight(int CaseId, string Title, Diagnosis Diagnosis, FeatureMapNeighbours Neighbours);

/// <summary>The feature map page: counts and the highlighted case; the points come from <c>/featuremap/data</c>.</summary>
public sealed record FeatureMapPage(
    string? ModelName, int Total, int Osteosarcoma, int GiantCellTumor, int Named, bool NamesAll, FeatureMapHighlight? Highlight, bool HighlightRefused);

/// <summary>
/// The model's feature map (the study's t-SNE figure, laid out with UMAP in the browser). Every signed-in user may open
/// it; which points carry a case's identity follows the leak rule documented on <see cref="FeatureMaps"/>: staff see
/// all, anyone else only the cases whose model output they may already see.
/// </summary>
[Authorize, Route("featuremap")]
public sealed class FeatureMapController(FeatureMaps maps, IEnumerable<IModelOutputAccessRule> rules, UserManager<AppUser> users) : Controller
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The map page; <paramref name="caseId"/> asks for a case to be highlighted (shown only if the viewer may name it).</summary>
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery(Name = "case")] int? caseId, CancellationToken cancellationToken)
    {
        var (map, namesAll) = await BuildAsync(cancellationToken);
        FeatureMapHighlight? highlight = null;
        if (caseId is { } id && map.Points.FirstOrDefault(p => p.CaseId == id) is { } point)
        {
            highlight = new FeatureMapHighlight(id, point.Title!, point.Diagnosis, FeatureMaps.Neighbours(map, id)!);
        }

        // Asking for a case one may not name gets the same page as asking for one without a reading: nothing about it.
        return View(new FeatureMapPage(
            map.ModelName,
            map.Points.Count,
            map.Count(Diagnosis.Osteosarcoma),
            map.Count(Diagnosis.GiantCellTumor),
            map.Points.Count(p => p.CaseId is not null),
            namesAll,
            highlight,
            caseId is not null && highlight is null));
    }

    /// <summary>The points as JSON: <c>{ model, points: [{ caseId?, title?, diagnosis, embedding }] }</c>.</summary>
    [HttpGet("data")]
    public async Task<IActionResult> Data(CancellationToken cancellationToken)
    {
        var (map, _) = await BuildAsync(cancellationToken);
        Response.Headers.CacheControl = "private, no-store";
        return Json(
            new
            {
                model = map.ModelName is null ? null : new { name = map.ModelName, sha256 = map.ModelSha256 },
                points = map.Points.Select(p => new { caseId = p.CaseId, title = p.Title, diagnosis = p.Diagnosis.Key(), embedding = p.Embedding }),
            },
            JsonOptions);
    }

    private async Task<(FeatureMapData Map, bool NamesAll)> BuildAsync(CancellationToken cancellationToken)
    {
        if (User.IsInRole(Roles.Educator) || User.IsInRole(Roles.Director) || User.IsInRole(Roles.Admin))
        {
            return (await maps.BuildAsync(null, cancellationToken), true);
        }

        var named = new HashSet<int>();
        if (users.GetUserId(User) is { } userId)
        {
            foreach (var rule in rules)
            {
                named.UnionWith(await rule.ViewableCasesAsync(userId, cancellationToken));
            }
        }

        return (await maps.BuildAsync(named, cancellationToken), false);
    }
}
