using System.CommandLine;
using BoneTumorTutor.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Cli;

/// <summary>`btt users list|add-role|remove-role`: account administration for an IT team without the web UI.</summary>
internal static class UserCommands
{
    public static Command Create()
    {
        var list = new Command("list", "List accounts with their roles.") { CliServices.DataOption, CliServices.ConnectionOption };
        list.SetAction(async (result, cancellationToken) =>
        {
            await using var services = await CliServices.OpenAsync(result, cancellationToken);
            using var scope = services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            foreach (var user in await users.Users.OrderBy(u => u.Email).ToListAsync(cancellationToken))
            {
                Console.WriteLine($"{user.Email}\t{user.TrainingLevel}\t{string.Join(",", await users.GetRolesAsync(user))}");
            }

            return 0;
        });

        return new Command("users", "Accounts and roles.") { list, RoleCommand("add-role", add: true), RoleCommand("remove-role", add: false) };
    }

    private static Command RoleCommand(string name, bool add)
    {
        var email = new Argument<string>("email") { Description = "The account's email." };
        var role = new Argument<string>("role") { Description = $"One of: {string.Join(", ", Roles.All)}." };
        var command = new Command(name, add ? "Give an account a role." : "Take a role from an account.")
        {
            email, role, CliServices.DataOption, CliServices.ConnectionOption,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var roleName = Roles.All.FirstOrDefault(r => string.Equals(r, result.GetValue(role), StringComparison.OrdinalIgnoreCase));
            if (roleName is null)
            {
                Console.Error.WriteLine($"Unknown role '{result.GetValue(role)}'. Roles: {string.Join(", ", Roles.All)}.");
                return 2;
            }

            await using var services = await CliServices.OpenAsync(result, cancellationToken);
            using var scope = services.CreateScope();
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            if (!await roles.RoleExistsAsync(roleName))
            {
                await roles.CreateAsync(new IdentityRole(roleName));
            }

            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(result.GetValue(email)!);
            if (user is null)
            {
                Console.Error.WriteLine($"No account with email '{result.GetValue(email)}'.");
                return 2;
            }

            var outcome = add ? await users.AddToRoleAsync(user, roleName) : await users.RemoveFromRoleAsync(user, roleName);
            if (!outcome.Succeeded)
            {
                Console.Error.WriteLine(string.Join("; ", outcome.Errors.Select(e => e.Description)));
                return 1;
            }

            await users.UpdateSecurityStampAsync(user);
            Console.WriteLine($"{user.Email}: {string.Join(", ", await users.GetRolesAsync(user))}");
            return 0;
        });
        return command;
    }
}
