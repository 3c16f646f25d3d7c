using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;

namespace BoneTumorTutor.Web.Tests.Authoring;

public sealed class PreviewXssTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    [Fact]
    public async Task No_Payload_Of_The_Corpus_Comes_Back_From_The_Editor_Preview()
    {
        var client = await app.SignedInClientAsync("xss-educator@example.org", 10, Roles.Educator);
        var token = HttpExtensions.AntiforgeryToken(await client.GetStringAsync("/educator/cases/new"));

        foreach (var payload in XssCorpus.Payloads)
        {
            var response = await client.PostAsync("/educator/cases/preview", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Markdown"] = "## Notes\n\n" + payload,
            }));
            var html = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(XssCorpus.Problems(html).Count == 0, $"payload {payload} gave {string.Join("; ", XssCorpus.Problems(html))}");
        }
    }
}
