using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Web.Tests.Infrastructure;

namespace BoneTumorTutor.Web.Tests.Security;

/// <summary>The app with small budgets, so the limits are reached in a test.</summary>
public sealed class TightLimitsAppFactory : CustomContentAppFactory
{
    protected override IReadOnlyDictionary<string, int> RateLimits { get; } = new Dictionary<string, int>
    {
        ["LoginPerMinute"] = 4,
        ["RegisterPerMinute"] = 2,
        ["AnswersPerMinute"] = 3,
        ["UploadsPerMinute"] = 2,
    };
}

/// <summary>A tight answer budget but room to sign in, so the answer test does not depend on the login test's spending.</summary>
public sealed class TightAnswerLimitAppFactory : CustomContentAppFactory
{
    protected override IReadOnlyDictionary<string, int> RateLimits { get; } = new Dictionary<string, int>
    {
        ["LoginPerMinute"] = 100,
        ["RegisterPerMinute"] = 100,
        ["AnswersPerMinute"] = 3,
        ["UploadsPerMinute"] = 2,
    };
}

public sealed class RateLimitTests(TightLimitsAppFactory app) : IClassFixture<TightLimitsAppFactory>
{
    [Fact]
    public async Task Sign_In_Attempts_Beyond_The_Budget_Get_429_And_The_Server_Stays_Healthy()
    {
        var client = app.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.PostFormAsync("/account/login", new() { ["Email"] = $"nobody{i}@example.org", ["Password"] = "wrong-password-1" })).StatusCode);
        }

        // Other tests of this class may have spent some of the per-address budget (4 a minute) already.
        var firstRefusal = statuses.IndexOf(HttpStatusCode.TooManyRequests);
        Assert.InRange(firstRefusal, 1, 4);
        Assert.All(statuses.Take(firstRefusal), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses.Skip(firstRefusal), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task Registrations_Beyond_The_Budget_Get_429()
    {
        var client = app.CreateBrowserLikeClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await app.CreateBrowserLikeClient().RegisterAsync($"burst{i}@example.org")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/register")).StatusCode);
    }
}

public sealed class AnswerRateLimitTests(TightAnswerLimitAppFactory app) : IClassFixture<TightAnswerLimitAppFactory>
{
    [Fact]
    public async Task Answers_Beyond_The_Budget_Get_429_With_Retry_After_And_Store_Nothing_More()
    {
        var client = await app.SignedInClientAsync("scripted@example.org", 2, Roles.Trainee);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var (attemptId, html) = await client.OpenNextCaseAsync();
            var response = await client.AnswerAsync(attemptId, "Osteosarcoma", 75, html);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter is not null);
            }
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], statuses);
        var answered = await app.WithDbAsync(db => Task.FromResult(db.Attempts.Count(a => a.AnsweredAt != null)));
        Assert.Equal(3, answered);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/practice/history")).StatusCode);
    }

    [Fact]
    public async Task Aided_Second_Reads_Share_The_Answer_Budget()
    {
        var client = await app.SignedInClientAsync("scripted-aided@example.org", 2, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var response = await client.PostAsync($"/practice/{attemptId}/aided", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = HttpExtensions.AntiforgeryToken(html),
                ["Diagnosis"] = "Osteosarcoma",
                ["Confidence"] = "80",
            }));
            statuses.Add(response.StatusCode);
        }

        // Before the unaided answer each aided post is refused (409) until the budget of 3 a minute is spent.
        Assert.Equal([HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.TooManyRequests], statuses);
        Assert.Null(await app.WithDbAsync(db => Task.FromResult(db.Attempts.Single(a => a.PublicId == attemptId).AidedAt)));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/practice/history")).StatusCode);
    }
}
