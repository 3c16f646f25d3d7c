using BoneTumorTutor.Accounts;
using BoneTumorTutor.Data;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;

namespace BoneTumorTutor.Web.Infrastructure;

/// <summary>Once the server listens, say where, and how to get an admin account.</summary>
public static class StartupBanner
{
    public static void PrintBannerWhenStarted(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var url = addresses.FirstOrDefault() ?? "(no address)";
            var paths = app.Services.GetRequiredService<AppPaths>();
            using var scope = app.Services.CreateScope();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var hasAdmin = users.GetUsersInRoleAsync(Roles.Admin).GetAwaiter().GetResult().Count > 0;
            var admin = hasAdmin
                ? "An admin account exists; admins manage roles at /admin/users."
                : $"No admin yet: the first account registered at {url.TrimEnd('/')}/account/register becomes Admin.";
            Console.WriteLine();
            Console.WriteLine($"BoneTumorTutor is running at {url}");
            Console.WriteLine($"  {admin}");
            Console.WriteLine($"  Database: {paths.DataDirectory}    Content: {paths.ContentDirectory}");
            Console.WriteLine("  Press Ctrl+C to stop.");
            Console.WriteLine();
        });
}
