using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Security;

public sealed class AccessTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    [Theory]
    [InlineData("/practice/next")]
    [InlineData("/practice/history")]
    [InlineData("/account/profile")]
    [InlineData("/admin/users")]
    [InlineData("/media/6f0c1b7e-8a53-4c57-9b0f-3d2a1e4c5b6a")]
    public async Task Anonymous_Visitors_Are_Sent_To_Sign_In(string url)
    {
        var response = await app.CreateBrowserLikeClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/about")]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/css/site.css")]
    public async Task Public_Pages_Are_Open(string url) =>
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserLikeClient().GetAsync(url)).StatusCode);

    [Fact]
    public async Task A_Trainee_Cannot_Reach_The_Admin_Pages()
    {
        var client = await app.SignedInClientAsync("plain-trainee@example.org", 2, Roles.Trainee);

        var page = await client.GetAsync("/admin/users");
        var post = await client.PostFormAsync("/admin/users/anyone/roles", new() { ["Roles"] = Roles.Admin }, formPage: "/account/profile");

        Assert.Equal("/account/denied", page.Headers.Location!.AbsolutePath);
        Assert.Equal("/account/denied", post.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Only_Trainees_Practise()
    {
        var director = await app.SignedInClientAsync("director-only@example.org", 12, Roles.Director);

        var response = await director.GetAsync("/practice/next");

        Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Posts_Without_An_Antiforgery_Token_Are_Refused()
    {
        var client = await app.SignedInClientAsync("csrf@example.org", 2, Roles.Trainee, Roles.Admin);
        var (attemptId, _) = await client.OpenNextCaseAsync();

        var answer = await client.PostAsync($"/practice/{attemptId}/answer", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Diagnosis"] = "Osteosarcoma",
            ["Confidence"] = "80",
        }));
        var roles = await client.PostAsync("/admin/users/x/roles", new FormUrlEncodedContent(new Dictionary<string, string> { ["Roles"] = "Admin" }));
        var logout = await client.PostAsync("/account/logout", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, roles.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, logout.StatusCode);
    }

    [Fact]
    public async Task Personal_Pages_Are_Not_Stored_By_Browser_Caches()
    {
        var client = await app.SignedInClientAsync("no-store@example.org", 2, Roles.Trainee);

        var history = await client.GetAsync("/practice/history");
        var profile = await client.GetAsync("/account/profile");

        Assert.True(history.Headers.CacheControl?.NoStore, "history page should be no-store");
        Assert.True(profile.Headers.CacheControl?.NoStore, "profile page should be no-store");
    }

    [Fact]
    public async Task Pages_Carry_Security_Headers()
    {
        var response = await app.CreateBrowserLikeClient().GetAsync("/account/login");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.DoesNotContain("<script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

/// <summary>Its own app, so this class's admin is the only one.</summary>
public sealed class RoleAdministrationTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    [Fact]
    public async Task An_Admin_Changes_Roles_But_Cannot_Remove_The_Last_Admin()
    {
        var admin = await app.SignedInClientAsync("the-admin@example.org", 20, Roles.Admin);
        var educator = await app.CreateUserAsync("future-educator@example.org", 8, Roles.Trainee);
        var adminId = (await FindAsync("the-admin@example.org")).Id;

        var promote = await admin.PostFormAsync($"/admin/users/{educator.Id}/roles", new() { ["Roles"] = Roles.Educator }, formPage: "/admin/users");
        var demoteSelf = await admin.PostFormAsync($"/admin/users/{adminId}/roles", new() { ["Roles"] = Roles.Trainee }, formPage: "/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, promote.StatusCode);
        Assert.Contains("last admin", Uri.UnescapeDataString(demoteSelf.Headers.Location!.OriginalString), StringComparison.Ordinal);
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.Educator], await users.GetRolesAsync((await users.FindByEmailAsync("future-educator@example.org"))!));
        Assert.Contains(Roles.Admin, await users.GetRolesAsync((await users.FindByEmailAsync("the-admin@example.org"))!));
    }

    private async Task<AppUser> FindAsync(string email)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!;
    }
}

internal static class UriExtensions
{
    public static string PathAndQuery(this Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
}
