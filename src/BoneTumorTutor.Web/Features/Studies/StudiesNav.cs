using System.Security.Claims;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace BoneTumorTutor.Web.Features.Studies;

/// <summary>
/// Whether the main navigation offers "Studies": always to staff (they set studies up or oversee them), to anyone else
/// only when they are assigned to at least one study. The answer is cached per person for half a minute, because the
/// layout asks on every page, the practice loop included.
/// </summary>
public sealed class StudiesNav(AppDbContext db, IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    public async Task<bool> ShowAsync(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsInRole(Roles.Educator) || user.IsInRole(Roles.Director) || user.IsInRole(Roles.Admin))
        {
            return true;
        }

        if (user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        var key = ("studies-nav", userId);
        if (cache.TryGetValue(key, out bool assigned))
        {
            return assigned;
        }

        assigned = await db.StudyReaders.AnyAsync(r => r.UserId == userId);
        cache.Set(key, assigned, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = CacheFor, Size = 1 });
        return assigned;
    }
}
