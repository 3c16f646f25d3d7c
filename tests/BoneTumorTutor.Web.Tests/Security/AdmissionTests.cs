using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Web.Infrastructure;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Security;

/// <summary>One ordinary request at a time and no queue, so a test can fill the gate by holding its only permit.</summary>
public sealed class SingleFileAdmissionAppFactory : CustomContentAppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Admission:Concurrency", "1");
        builder.UseSetting("Admission:QueueLimit", "0");
    }
}

public sealed class AdmissionTests(SingleFileAdmissionAppFactory app) : IClassFixture<SingleFileAdmissionAppFactory>
{
    [Fact]
    public async Task When_The_Gate_Is_Full_Pages_Get_503_But_An_Answer_Is_Still_Committed()
    {
        var client = await app.SignedInClientAsync("priority@example.org", 2, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();
        var gate = app.Services.GetRequiredService<AdmissionGate>();

        using (var held = gate.Limiter.AttemptAcquire(1))
        {
            Assert.True(held.IsAcquired);

            var page = await client.GetAsync("/practice/history");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
            Assert.Equal("1", page.Headers.RetryAfter?.ToString());

            var answer = await client.AnswerAsync(attemptId, "Osteosarcoma", 80, html);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        }

        var stored = await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.AnsweredAt).SingleAsync());
        Assert.NotNull(stored);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/practice/{attemptId}/reveal")).StatusCode);
    }

    [Fact]
    public void Only_Answer_Submissions_Skip_The_Gate()
    {
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var priority = endpoints.Where(e => Admission.IsPriority(e)).ToList();

        Assert.Contains(priority, e => e.RoutePattern.RawText == "practice/{id:guid}/answer");
        Assert.All(priority, e => Assert.Equal(["POST"], e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods));
        Assert.DoesNotContain(endpoints.Where(e => e.RoutePattern.RawText?.StartsWith("practice", StringComparison.Ordinal) == true
            && e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true), e => Admission.IsPriority(e));
    }
}
