using BoneTumorTutor.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Features.Admin;

public sealed record UserRow(string Id, string Email, string DisplayName, string TrainingLevel, string Band, IReadOnlyList<string> Roles, DateTime CreatedAt);

public sealed record UsersPage(IReadOnlyList<UserRow> Users, string? Message, string? Problem);

public sealed class RolesInput
{
    public List<string> Roles { get; set; } = [];
}

/// <summary>Admins see every account and change its roles.</summary>
[Authorize(Roles = Roles.Admin), Route("admin/users")]
public sealed class UsersController(UserManager<AppUser> users, IOptions<ExperienceOptions> experience) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? message, string? problem, CancellationToken cancellationToken)
    {
        var all = await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var rows = new List<UserRow>(all.Count);
        foreach (var user in all)
        {
            var roles = (await users.GetRolesAsync(user)).Order(StringComparer.Ordinal).ToList();
            rows.Add(new UserRow(user.Id, user.Email ?? "", user.DisplayName, user.TrainingLevel,
                experience.Value.Describe(experience.Value.BandFor(user.ExperienceYears)), roles, user.CreatedAt));
        }

        return View(new UsersPage(rows, message, problem));
    }

    [HttpPost("{id}/roles")]
    public async Task<IActionResult> SetRoles(string id, RolesInput input)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return NotFound();
        }

        var wanted = input.Roles.Where(r => Roles.All.Contains(r)).Distinct().ToList();
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Admin) && !wanted.Contains(Roles.Admin) && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
        {
            return RedirectToAction(nameof(Index), new { problem = $"{user.Email} is the last admin; make someone else admin first." });
        }

        var remove = current.Except(wanted).ToList();
        var add = wanted.Except(current).ToList();
        if (remove.Count > 0)
        {
            await users.RemoveFromRolesAsync(user, remove);
        }

        if (add.Count > 0)
        {
            await users.AddToRolesAsync(user, add);
        }

        // Sign-in cookies carry roles; a new stamp makes the change reach the user's open sessions.
        await users.UpdateSecurityStampAsync(user);
        return RedirectToAction(nameof(Index), new { message = $"Roles of {user.Email}: {(wanted.Count == 0 ? "none" : string.Join(", ", wanted))}." });
    }
}
