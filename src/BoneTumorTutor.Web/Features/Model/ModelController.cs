using BoneTumorTutor.Accounts;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BoneTumorTutor.Web.Features.Model;

/// <summary>
/// Model output as images. Staff (Educator, Director, Admin) may always see it; anyone else only when a registered
/// <see cref="IModelOutputAccessRule"/> allows it (practice: after committing an answer to the case).
/// </summary>
[Route("model")]
public sealed class ModelController(
    AppDbContext db, ModelHost models, IEnumerable<IModelOutputAccessRule> rules, UserManager<AppUser> users, IMemoryCache cache) : Controller
{
    /// <summary>The radiograph with the model's heatmap blended on; <paramref name="map"/> is the colour scale (viridis or jet).</summary>
    [HttpGet("heat/{caseId:int}/{map}.png")]
    public async Task<IActionResult> Heat(int caseId, string map, [FromQuery(Name = "model")] string? model, CancellationToken cancellationToken)
    {
        if (!Colormaps.IsKnown(map) || (model is not null && !IsSha(model)))
        {
            return NotFound();
        }

        if (!await MayViewAsync(caseId, cancellationToken))
        {
            return Forbid();
        }

        var sha = model ?? models.Current?.Sha256;
        if (sha is null)
        {
            return NotFound();
        }

        var prediction = await db.CasePredictions.AsNoTracking().FirstOrDefaultAsync(p => p.CaseId == caseId && p.ModelSha256 == sha, cancellationToken);
        if (prediction is null)
        {
            return NotFound();
        }

        var key = $"heat:{caseId}:{sha}:{prediction.InputHash}:{map}";
        if (!cache.TryGetValue(key, out byte[]? png) || png is null)
        {
            var display = await db.Cases.Where(c => c.Id == caseId).Select(c => c.Image!.DisplayPng).FirstOrDefaultAsync(cancellationToken);
            if (display is null)
            {
                return NotFound();
            }

            png = Heatmap.RenderPng(prediction, display, map);
            cache.Set(key, png, new MemoryCacheEntryOptions { Size = png.Length, SlidingExpiration = TimeSpan.FromHours(1) });
        }

        Response.Headers.CacheControl = "private, max-age=3600";
        return File(png, "image/png");
    }

    private async Task<bool> MayViewAsync(int caseId, CancellationToken cancellationToken)
    {
        if (User.IsInRole(Roles.Educator) || User.IsInRole(Roles.Director) || User.IsInRole(Roles.Admin))
        {
            return true;
        }

        var userId = users.GetUserId(User);
        if (userId is null)
        {
            return false;
        }

        foreach (var rule in rules)
        {
            if (await rule.MayViewAsync(userId, caseId, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSha(string s) => s.Length == 64 && s.All(char.IsAsciiHexDigitLower);
}
