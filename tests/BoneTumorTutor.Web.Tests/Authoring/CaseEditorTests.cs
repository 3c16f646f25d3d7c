using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Tests.Authoring;

public sealed class CaseEditorTests(AuthoringAppFactory app) : IClassFixture<AuthoringAppFactory>
{
    private static int _users;

    private Task<HttpClient> EducatorAsync() =>
        app.SignedInClientAsync($"educator{Interlocked.Increment(ref _users)}@example.org", 10, Roles.Educator);

    private Task<Case?> CaseAsync(string slug) =>
        app.WithDbAsync(db => db.Cases.AsNoTracking().Include(c => c.Image).FirstOrDefaultAsync(c => c.Slug == slug));

    [Theory]
    [InlineData(Roles.Trainee)]
    [InlineData(Roles.Director)]
    public async Task Trainees_And_Directors_Cannot_Reach_The_Editor(string role)
    {
        var client = await app.SignedInClientAsync($"not-educator-{role}@example.org", 5, role);

        foreach (var url in new[] { "/educator/cases", "/educator/cases/new", "/educator/cases/1" })
        {
            var page = await client.GetAsync(url);
            Assert.Equal("/account/denied", page.Headers.Location!.AbsolutePath);
        }

        var create = await client.PostCaseFormAsync("/educator/cases/new", AuthoringHttp.ValidFields("denied-" + role.ToLowerInvariant()),
            TestFiles.Png(200, 240), formPage: "/account/profile");
        var preview = await client.PostFormAsync("/educator/cases/preview", new() { ["Markdown"] = "x" }, formPage: "/account/profile");

        Assert.Equal("/account/denied", create.Headers.Location!.AbsolutePath);
        Assert.Equal("/account/denied", preview.Headers.Location!.AbsolutePath);
        Assert.Null(await CaseAsync("denied-" + role.ToLowerInvariant()));
    }

    [Fact]
    public async Task Editor_Posts_Without_An_Antiforgery_Token_Are_Refused()
    {
        var client = await EducatorAsync();

        var create = await client.PostCaseFormAsync("/educator/cases/new", AuthoringHttp.ValidFields("no-token"), TestFiles.Png(200, 240), withToken: false);
        var preview = await client.PostAsync("/educator/cases/preview", new FormUrlEncodedContent(new Dictionary<string, string> { ["Markdown"] = "x" }));

        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        Assert.Null(await CaseAsync("no-token"));
    }

    [Fact]
    public async Task A_Draft_Is_Invisible_To_Trainees_Until_Published_And_Publishing_Tells_The_Listeners()
    {
        var educator = await EducatorAsync();
        var created = await educator.PostCaseFormAsync("/educator/cases/new", AuthoringHttp.ValidFields("editor-draft"), TestFiles.Png(200, 240, seed: 77));
        var id = AuthoringHttp.CaseIdFrom(created);
        var draft = await CaseAsync("editor-draft");
        Assert.Equal(CaseStatus.Draft, draft!.Status);
        Assert.Equal(CaseOrigin.Editor, draft.Origin);
        Assert.Contains(id, app.Listener.Changed);

        // A trainee working through every published case never meets the draft, nor its image.
        var trainee = await app.SignedInClientAsync("draft-trainee@example.org", 2, Roles.Trainee);
        for (var i = 0; i < 8; i++)
        {
            var (attemptId, html) = await trainee.OpenNextCaseAsync();
            Assert.DoesNotContain(draft.Image!.PublicId.ToString(), html, StringComparison.Ordinal);
            await trainee.AnswerAsync(attemptId, "Osteosarcoma", 60, html);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await trainee.GetAsync($"/media/{draft.Image!.PublicId}")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Attempts.AnyAsync(a => a.CaseId == id)));

        var version = draft.Version;
        var publish = await educator.PostFormAsync($"/educator/cases/{id}/status",
            new() { ["status"] = "Published", ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) }, formPage: $"/educator/cases/{id}");

        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.Equal(CaseStatus.Published, (await CaseAsync("editor-draft"))!.Status);
        Assert.True(app.Listener.Changed.Count(c => c == id) >= 2);
        Assert.Equal(HttpStatusCode.OK, (await trainee.GetAsync($"/media/{draft.Image!.PublicId}")).StatusCode);
    }

    public static TheoryData<string, byte[], string> HostileUploads()
    {
        var png = TestFiles.Png(200, 240);
        return new()
        {
            { "not-an-image", "this is plain text, renamed"u8.ToArray(), "not a PNG or JPEG" },
            { "truncated", png[..(png.Length / 2)], "truncated or damaged" },
            { "html-polyglot", "<html><script>alert(1)</script></html>"u8.ToArray(), "not a PNG or JPEG" },
            { "svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray(), "not a PNG or JPEG" },
            { "too-wide", TestFiles.Png(8193, 1), "at most 8192 pixels a side" },
            { "decompression-bomb", BlankPng(7000, 6000), "40 megapixels" },
        };
    }

    /// <summary>A flat image: tiny on disk, 42 megapixels once decoded.</summary>
    private static byte[] BlankPng(int width, int height)
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.L8>(width, height);
        using var stream = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, stream);
        return stream.ToArray();
    }

    [Fact]
    public async Task A_Body_Far_Over_The_Limit_Is_Refused_And_The_Server_Stays_Healthy()
    {
        var client = await EducatorAsync();
        var huge = new byte[100 * 1024 * 1024];
        TestFiles.Png(10, 10).CopyTo(huge, 0);

        var response = await client.PostCaseFormAsync("/educator/cases/new", AuthoringHttp.ValidFields("huge-body"), huge);

        var body = await response.Content.ReadAsStringAsync();
        // Refused (under TestServer the page is a generic 4xx; Kestrel answers 413 from [RequestSizeLimit]).
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"status {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        Assert.Null(await CaseAsync("huge-body"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/educator/cases/new")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(HostileUploads))]
    public async Task A_Bad_Upload_Gets_A_Clear_Message_Stores_Nothing_And_Keeps_The_Form(string name, byte[] bytes, string message)
    {
        var client = await EducatorAsync();
        var slug = "bad-upload-" + name;
        var fields = AuthoringHttp.ValidFields(slug, title: "Title kept after " + name);

        var response = await client.PostCaseFormAsync("/educator/cases/new", fields, bytes, fileName: name + ".png");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", html, StringComparison.Ordinal);
        Assert.Contains("Title kept after " + name, html, StringComparison.Ordinal);
        Assert.Contains("EDITOR-CANARY-NOTES", html, StringComparison.Ordinal);
        Assert.Null(await CaseAsync(slug));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/educator/cases")).StatusCode);
    }

    [Fact]
    public async Task A_Bad_Replacement_Image_Leaves_The_Case_As_It_Was()
    {
        var client = await EducatorAsync();
        var id = AuthoringHttp.CaseIdFrom(await client.PostCaseFormAsync("/educator/cases/new", AuthoringHttp.ValidFields("bad-replacement"), TestFiles.Png(200, 240, seed: 5)));
        var before = await CaseAsync("bad-replacement");
        var fields = AuthoringHttp.ValidFields("bad-replacement", "Changed title");
        fields["Version"] = before!.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var response = await client.PostCaseFormAsync($"/educator/cases/{id}", fields, "GIF89a not really"u8.ToArray());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var after = await CaseAsync("bad-replacement");
        Assert.Equal((before.Title, before.Version, before.Image!.Sha256), (after!.Title, after.Version, after.Image!.Sha256));
    }

    [Fact]
    public async Task Every_Save_Keeps_A_Revision_And_An_Earlier_One_Can_Be_Restored()
    {
        var client = await EducatorAsync();
        var id = AuthoringHttp.CaseIdFrom(await client.PostCaseFormAsync("/educator/cases/new", AuthoringHttp.ValidFields("revisions", "First title"), TestFiles.Png(200, 240, seed: 8)));
        var fields = AuthoringHttp.ValidFields("revisions", "Second title");
        fields["Version"] = "1";
        fields["BoxX"] = "30";
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostCaseFormAsync($"/educator/cases/{id}", fields, TestFiles.Png(220, 240, seed: 9))).StatusCode);
        var edited = await CaseAsync("revisions");
        Assert.Equal(("Second title", 30, 220), (edited!.Title, edited.LesionBox!.Value.X, edited.Image!.Width));

        var revisions = await app.WithDbAsync(db => db.Set<CaseRevision>().AsNoTracking().Where(r => r.CaseId == id).OrderBy(r => r.Number).ToListAsync());
        Assert.Equal([1, 2], revisions.Select(r => r.Number));
        Assert.StartsWith("educator", revisions[1].SavedBy, StringComparison.Ordinal);
        var changed = CaseSnapshot.ChangesFromJson(revisions[1].ChangesJson).Select(c => c.Field).ToList();
        Assert.Equal(["title", "lesion_box", "image"], changed);
        var page = await client.GetStringAsync($"/educator/cases/{id}");
        Assert.Contains("First title", page, StringComparison.Ordinal);

        var restore = await client.PostFormAsync($"/educator/cases/{id}/revisions/1/restore", new() { ["version"] = "2" }, formPage: $"/educator/cases/{id}");

        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        var restored = await CaseAsync("revisions");
        Assert.Equal(("First title", 10, 200, 3), (restored!.Title, restored.LesionBox!.Value.X, restored.Image!.Width, restored.Version));
        Assert.Equal(3, await app.WithDbAsync(db => db.Set<CaseRevision>().CountAsync(r => r.CaseId == id)));
    }

    [Fact]
    public async Task The_Second_Of_Two_Educators_Saving_The_Same_Version_Is_Refused_And_Keeps_Their_Text()
    {
        var first = await EducatorAsync();
        var second = await EducatorAsync();
        var id = AuthoringHttp.CaseIdFrom(await first.PostCaseFormAsync("/educator/cases/new", AuthoringHttp.ValidFields("two-editors"), TestFiles.Png(200, 240, seed: 3)));
        var mine = AuthoringHttp.ValidFields("two-editors", "Title by the first educator");
        var theirs = AuthoringHttp.ValidFields("two-editors", "Title by the second educator");
        mine["Version"] = theirs["Version"] = "1";

        var one = await first.PostCaseFormAsync($"/educator/cases/{id}", mine, null);
        var two = await second.PostCaseFormAsync($"/educator/cases/{id}", theirs, null);
        var html = await two.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, one.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, two.StatusCode);
        Assert.Contains("Someone else saved this case", html, StringComparison.Ordinal);
        Assert.Contains("Title by the second educator", html, StringComparison.Ordinal);
        Assert.Equal("Title by the first educator", (await CaseAsync("two-editors"))!.Title);
    }

    [Fact]
    public async Task The_Preview_Renders_Markdown_Through_The_Teaching_Notes_Pipeline()
    {
        var client = await EducatorAsync();

        var response = await client.PostFormAsync("/educator/cases/preview",
            new() { ["Markdown"] = "## Findings\n**Sunburst** periosteal reaction. <script>alert(1)</script> [x](javascript:alert(1))" }, formPage: "/educator/cases/new");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Sunburst</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Educators_See_Each_Cases_Answers_And_Accuracy()
    {
        var trainee = await app.SignedInClientAsync("stats-trainee@example.org", 2, Roles.Trainee);
        var (attemptId, html) = await trainee.OpenNextCaseAsync();
        await trainee.AnswerAsync(attemptId, "Osteosarcoma", 80, html);
        var educator = await EducatorAsync();

        var (caseId, answers, correct, mean) = await app.WithDbAsync(async db =>
        {
            var id = await db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.CaseId).SingleAsync();
            var rows = await db.Attempts.Where(a => a.CaseId == id && a.AnsweredAt != null).ToListAsync();
            return (id, rows.Count, rows.Count(r => r.IsCorrect == true), rows.Average(r => r.Confidence!.Value));
        });
        var page = await educator.GetStringAsync($"/educator/cases/{caseId}");
        var list = await educator.GetStringAsync("/educator/cases");

        Assert.Contains($"<dt>Unaided answers</dt><dd>{answers}</dd>", page, StringComparison.Ordinal);
        Assert.Contains($"({correct} of {answers})", page, StringComparison.Ordinal);
        Assert.Contains($"{mean:0} / 100", page, StringComparison.Ordinal);
        Assert.Contains("Mean p(OS)", list, StringComparison.Ordinal);
    }
}
