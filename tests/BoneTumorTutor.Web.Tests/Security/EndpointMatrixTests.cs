using System.Net;
using System.Text.RegularExpressions;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Security;

/// <summary>
/// The authorization matrix: the list of endpoints comes from the running app's routing (so a new endpoint cannot be
/// missed), and every one is called as anonymous, trainee, educator, director and admin and checked against
/// <see cref="EndpointAccessTable"/>. POSTs are sent without an antiforgery token: a caller the role rules let in must
/// get 400 (the token is checked on every POST), a caller they keep out must be turned away before that.
/// </summary>
public sealed partial class EndpointMatrixTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    private const string SampleGuid = "3f2b8c1d-5e6a-4b7c-9d8e-0a1b2c3d4e5f";

    [Fact]
    public void Every_Routed_Endpoint_Is_In_The_Access_Table_And_The_Table_Has_No_Stale_Rows()
    {
        var routed = RoutedEndpoints();

        var missing = routed.Except(EndpointAccessTable.Rows.Keys).Order().ToList();
        var stale = EndpointAccessTable.Rows.Keys.Except(routed).Order().ToList();

        Assert.True(missing.Count == 0,
            "Endpoints with no row in tests/BoneTumorTutor.Web.Tests/Security/EndpointAccessTable.cs — add one saying who may call each:\n  "
            + string.Join("\n  ", missing));
        Assert.True(stale.Count == 0, "Rows for endpoints the app no longer has:\n  " + string.Join("\n  ", stale));
    }

    public static TheoryData<string> Callers() => new(nameof(Who.Anonymous), nameof(Who.Trainee), nameof(Who.Educator), nameof(Who.Director), nameof(Who.Admin));

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Every_Endpoint_Answers_Each_Caller_As_The_Table_Says(string callerName)
    {
        var caller = Enum.Parse<Who>(callerName);
        var client = caller == Who.Anonymous
            ? app.CreateBrowserLikeClient()
            : await app.SignedInClientAsync($"matrix-{callerName.ToLowerInvariant()}@example.org", 4, callerName);
        var failures = new List<string>();

        foreach (var key in RoutedEndpoints().Order())
        {
            if (!EndpointAccessTable.Rows.TryGetValue(key, out var access))
            {
                continue; // reported by the table test
            }

            var (method, template) = Split(key);
            var url = SampleUrl(template);
            using var request = new HttpRequestMessage(new HttpMethod(method == "*" ? "GET" : method), url);
            if (request.Method == HttpMethod.Post)
            {
                request.Content = new FormUrlEncodedContent([]);
            }

            using var response = await client.SendAsync(request);
            var problem = Judge(caller, access, request.Method, response);
            if (problem is not null)
            {
                failures.Add($"{key} ({request.Method} {url}): {problem}");
            }
        }

        Assert.True(failures.Count == 0, $"As {callerName}:\n  " + string.Join("\n  ", failures));
    }

    private static string? Judge(Who caller, Access access, HttpMethod method, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var location = response.Headers.Location is { } l ? l.IsAbsoluteUri ? l.AbsolutePath : l.OriginalString.Split('?')[0] : null;
        var sentToLogin = response.StatusCode == HttpStatusCode.Redirect && location == "/account/login";
        var sentToDenied = response.StatusCode == HttpStatusCode.Redirect && location == "/account/denied";
        var describe = $"got {status}{(location is null ? "" : " → " + location)}";

        if (status >= 500)
        {
            return $"server error, {describe}";
        }

        if ((access.Allowed & caller) == 0)
        {
            var expected = caller == Who.Anonymous ? sentToLogin : sentToDenied;
            return expected ? null : $"should be refused ({(caller == Who.Anonymous ? "sign-in" : "access denied")}), {describe}";
        }

        if (sentToLogin || response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return $"should be let in, {describe}";
        }

        if (method == HttpMethod.Post)
        {
            return response.StatusCode == HttpStatusCode.BadRequest ? null : $"a POST without an antiforgery token should get 400, {describe}";
        }

        if (!access.PerResource && (sentToDenied || response.StatusCode == HttpStatusCode.Forbidden))
        {
            return $"should be let in, {describe}";
        }

        return null;
    }

    private HashSet<string> RoutedEndpoints()
    {
        var source = app.Services.GetRequiredService<EndpointDataSource>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            foreach (var method in methods is { Count: > 0 } ? methods : ["*"])
            {
                keys.Add($"{method} {template}");
            }
        }

        return keys;
    }

    private static (string Method, string Template) Split(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        return (key[..space], key[(space + 1)..]);
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::(?<constraint>[a-z]+)(?:\([^)]*\))?)*(?<optional>\?)?(?:=[^}]*)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>The template with made-up values that satisfy its constraints (ids that exist nowhere).</summary>
    public static string SampleUrl(string template)
    {
        var path = RouteParameter().Replace(template, m => m.Groups["constraint"].Value switch
        {
            "int" or "long" => "987654",
            "guid" => SampleGuid,
            "bool" => "true",
            _ => m.Groups["name"].Value.Contains("map", StringComparison.OrdinalIgnoreCase) ? "viridis" : "zz-none",
        });
        return path;
    }
}
