using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Accounts;

public sealed class RegistrationTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    [Fact]
    public async Task The_First_Account_Becomes_Admin_And_Later_Ones_Are_Trainees()
    {
        var first = app.CreateBrowserLikeClient();
        var second = app.CreateBrowserLikeClient();

        Assert.Equal(HttpStatusCode.Redirect, (await first.RegisterAsync("first@example.org", "Radiologist", 12)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.RegisterAsync("second@example.org", "Resident", 3)).StatusCode);

        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var firstUser = (await users.FindByEmailAsync("first@example.org"))!;
        var secondUser = (await users.FindByEmailAsync("second@example.org"))!;
        Assert.Equal([Roles.Admin, Roles.Trainee], (await users.GetRolesAsync(firstUser)).Order(StringComparer.Ordinal));
        Assert.Equal([Roles.Trainee], await users.GetRolesAsync(secondUser));
        Assert.Equal(12, firstUser.ExperienceYears);
        Assert.Equal("Resident, year 3", secondUser.TrainingLevel);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Bad_Registrations_Say_What_Is_Wrong_And_Create_Nothing()
    {
        var client = app.CreateBrowserLikeClient();

        var mismatch = await client.PostFormAsync("/account/register", new()
        {
            ["Email"] = "mismatch@example.org", ["Password"] = AppFactory.Password, ["ConfirmPassword"] = "something-else-1",
            ["Stage"] = "Resident", ["StageValue"] = "2",
        });
        var weak = await client.PostFormAsync("/account/register", new()
        {
            ["Email"] = "weak@example.org", ["Password"] = "short", ["ConfirmPassword"] = "short", ["Stage"] = "Resident", ["StageValue"] = "2",
        });

        Assert.Equal(HttpStatusCode.OK, mismatch.StatusCode);
        Assert.Contains("The passwords do not match.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Password", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Null(await users.FindByEmailAsync("mismatch@example.org"));
        Assert.Null(await users.FindByEmailAsync("weak@example.org"));
    }

    [Fact]
    public async Task Repeated_Wrong_Passwords_Lock_The_Account()
    {
        await app.CreateUserAsync("locked@example.org", 3, Roles.Trainee);
        var client = app.CreateBrowserLikeClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostFormAsync("/account/login", new() { ["Email"] = "locked@example.org", ["Password"] = "wrong-password-1" });
        }

        var withRightPassword = await client.PostFormAsync("/account/login", new() { ["Email"] = "locked@example.org", ["Password"] = AppFactory.Password });

        Assert.Equal(HttpStatusCode.OK, withRightPassword.StatusCode);
        Assert.Contains("locked", await withRightPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
