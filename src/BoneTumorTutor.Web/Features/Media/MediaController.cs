using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Features.Media;

/// <summary>Serves radiographs by opaque id, as metadata-free PNGs; drafts only to educators and admins.</summary>
[Route("media")]
public sealed class MediaController(AppDbContext db) : Controller
{
    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Image(Guid id, CancellationToken cancellationToken)
    {
        var staff = User.IsInRole(Roles.Educator) || User.IsInRole(Roles.Admin) || User.IsInRole(Roles.Director);
        var image = await db.Cases
            .Where(c => c.Image!.PublicId == id && (staff || c.Status == CaseStatus.Published || c.Status == CaseStatus.Retired))
            .Select(c => new { c.Image!.DisplayPng, c.Image.Sha256 })
            .FirstOrDefaultAsync(cancellationToken);
        if (image is null)
        {
            return NotFound();
        }

        var etag = new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{image.Sha256[..16]}\"");
        Response.Headers.CacheControl = "private, max-age=86400";
        return File(image.DisplayPng, "image/png", lastModified: null, entityTag: etag);
    }
}
