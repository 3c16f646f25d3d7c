using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Studies;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Studies;

public sealed class StudyTests(StudyAppFactory app) : IClassFixture<StudyAppFactory>
{
    private async Task<(HttpClient Director, int StudyId, Dictionary<string, HttpClient> Readers)> CreateStudyAsync(string tag, string design, params string[] readers)
    {
        await app.PlantPredictionsAsync();
        var director = await app.SignedInClientAsync($"director-{tag}@example.org", 15, Roles.Director);
        var clients = new Dictionary<string, HttpClient>();
        var ids = new List<string>();
        foreach (var reader in readers)
        {
            var email = $"{reader}-{tag}@example.org";
            clients[reader] = await app.SignedInClientAsync(email, 3, Roles.Trainee);
            ids.Add(await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync()));
        }

        var cases = await app.CaseIdsAsync();
        var created = await director.CreateStudyAsync($"Study {tag}", design, cases.Values, ids);
        return (director, StudyClient.StudyIdFrom(created), clients);
    }

    [Fact]
    public async Task Director_Creates_A_Sequential_Study_That_Locks_The_Active_Model_And_Snapshots_Its_Readings()
    {
        var (director, id, readers) = await CreateStudyAsync("create", "Sequential", "r1", "r2");

        var study = await app.StudyAsync(id);
        Assert.Equal(StudyDesign.Sequential, study.Design);
        Assert.Equal(StudyAppFactory.Model.Sha256, study.ModelSha256);
        Assert.Equal(12, study.Cases.Count);
        Assert.Equal(2, study.Readers.Count);
        Assert.All(study.Cases, c => Assert.NotNull(c.ModelProbability));
        Assert.Null(study.LockedAt);

        var details = await director.GetStringAsync($"/studies/{id}");
        Assert.Contains(StudyAppFactory.Model.Sha256, details, StringComparison.Ordinal);
        Assert.Contains("Study create", await director.GetStringAsync("/studies"), StringComparison.Ordinal);
        Assert.Contains($"/studies/{id}/read", await readers["r1"].GetStringAsync("/studies"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Studies_Link_Is_Shown_To_Trainees_Only_When_They_Are_Assigned_To_A_Study_And_Always_To_Staff()
    {
        const string link = "<a href=\"/studies\">Studies</a>";
        var unassigned = await app.SignedInClientAsync("nav-unassigned@example.org", 3, Roles.Trainee);
        Assert.DoesNotContain(link, await unassigned.GetStringAsync("/practice/history"), StringComparison.Ordinal);

        var (director, _, readers) = await CreateStudyAsync("nav", "UnaidedOnly", "r1");
        Assert.Contains(link, await readers["r1"].GetStringAsync("/practice/history"), StringComparison.Ordinal);
        Assert.Contains(link, await director.GetStringAsync("/dashboard"), StringComparison.Ordinal);
        foreach (var role in new[] { Roles.Educator, Roles.Admin })
        {
            var staff = await app.SignedInClientAsync($"nav-{role.ToLowerInvariant()}@example.org", 8, role);
            Assert.Contains(link, await staff.GetStringAsync("/account/profile"), StringComparison.Ordinal);
        }

        // The page itself stays reachable (it says there is nothing assigned); only the link is hidden.
        Assert.Equal(System.Net.HttpStatusCode.OK, (await unassigned.GetAsync("/studies")).StatusCode);
        Assert.DoesNotContain(link, await unassigned.GetStringAsync("/progress"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trainees_Cannot_Create_Or_Manage_Studies()
    {
        var (_, id, readers) = await CreateStudyAsync("roles", "UnaidedOnly", "r1");

        foreach (var url in new[] { "/studies/new", $"/studies/{id}", $"/studies/{id}/edit" })
        {
            var response = await readers["r1"].GetAsync(url);
            Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
        }
    }

    [Fact]
    public async Task Instructions_Are_Rendered_Safely()
    {
        var director = await app.SignedInClientAsync("director-xss@example.org", 15, Roles.Director);
        var reader = await app.CreateUserAsync("reader-xss@example.org", 3, Roles.Trainee);
        var cases = await app.CaseIdsAsync();
        var created = await director.CreateStudyAsync("XSS", "UnaidedOnly", cases.Values, [reader.Id], instructions: "**Bold** <script>alert(1)</script> [x](javascript:alert(2))");
        var id = StudyClient.StudyIdFrom(created);

        var page = await director.GetStringAsync($"/studies/{id}");

        Assert.Contains("<strong>Bold</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", page, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript:", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Case_Set_With_One_Diagnosis_Only_Is_Refused()
    {
        var director = await app.SignedInClientAsync("director-bad@example.org", 15, Roles.Director);
        var reader = await app.CreateUserAsync("reader-bad@example.org", 3, Roles.Trainee);
        var cases = await app.CaseIdsAsync();
        var before = await app.WithDbAsync(db => db.ReaderStudies.CountAsync());

        var response = await director.CreateStudyAsync("Bad", "UnaidedOnly", [cases["alpha"], cases["charlie"]], [reader.Id]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("at least 4 cases", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.ReaderStudies.CountAsync()));
    }

    [Fact]
    public async Task Case_Set_And_Design_Lock_When_Reading_Starts_And_Edits_Are_Refused_Without_Change()
    {
        var (director, id, readers) = await CreateStudyAsync("lock", "Sequential", "r1");
        var cases = await app.CaseIdsAsync();
        var readerId = (await app.StudyAsync(id)).Readers.Single().UserId;

        await readers["r1"].StartAsync(id);
        var before = await app.StudyAsync(id);
        Assert.NotNull(before.LockedAt);

        var smaller = await director.PostListAsync($"/studies/{id}/edit",
        [
            new("Name", "Renamed"), new("Instructions", "x"), new("Design", "Sequential"), new("Deadline", "2099-01-01T00:00"), new("Mode", "Hand"),
            new("CaseIds", cases["alpha"].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("CaseIds", cases["bravo"].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("ReaderIds", readerId),
        ], $"/studies/{id}/edit");
        var design = await director.PostListAsync($"/studies/{id}/edit",
        [
            new("Name", "Renamed"), new("Instructions", "x"), new("Design", "UnaidedOnly"), new("Deadline", "2099-01-01T00:00"), new("Mode", "Hand"),
            .. cases.Values.Select(c => new KeyValuePair<string, string>("CaseIds", c.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            new("ReaderIds", readerId),
        ], $"/studies/{id}/edit");

        Assert.Equal(HttpStatusCode.Conflict, smaller.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, design.StatusCode);
        Assert.Contains("locked", await smaller.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var after = await app.StudyAsync(id);
        Assert.Equal("Study lock", after.Name);
        Assert.Equal(StudyDesign.Sequential, after.Design);
        Assert.Equal(before.Cases.Select(c => c.CaseId).Order(), after.Cases.Select(c => c.CaseId).Order());

        // What stays editable still is: the name changes, the set does not.
        var rename = await director.PostListAsync($"/studies/{id}/edit",
        [
            new("Name", "Renamed"), new("Instructions", "x"), new("Design", "Sequential"), new("Deadline", "2099-01-01T00:00"), new("Mode", "Hand"),
            .. cases.Values.Select(c => new KeyValuePair<string, string>("CaseIds", c.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            new("ReaderIds", readerId),
        ], $"/studies/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        Assert.Equal("Renamed", (await app.StudyAsync(id)).Name);
    }

    [Fact]
    public async Task Each_Reader_Gets_A_Recorded_Random_Order_And_Sequential_Reads_Show_The_Model_Only_After_The_Unaided_Read()
    {
        var (_, id, readers) = await CreateStudyAsync("seq", "Sequential", "r1", "r2");
        var client = readers["r1"];
        await client.StartAsync(id);
        await readers["r2"].StartAsync(id);
        var userId = (await app.StudyAsync(id)).Readers.Select(r => r.UserId).First(u => u != null);

        var (readId, phase, html) = await client.CurrentAsync(id);
        Assert.Equal("unaided", phase);
        Assert.DoesNotContain("/model/heat/", html, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY-", html, StringComparison.Ordinal);
        Assert.Contains("<progress", html, StringComparison.Ordinal);
        var read = await app.WithDbAsync(db => db.StudyReads.Include(r => r.StudyCase).Include(r => r.Reader).SingleAsync(r => r.PublicId == readId));
        using (var scope = app.Services.CreateScope())
        {
            var rules = scope.ServiceProvider.GetServices<IModelOutputAccessRule>();
            Assert.False(await rules.Single(r => r is StudyModelOutputAccess).MayViewAsync(read.Reader!.UserId, read.StudyCase!.CaseId, default));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.RateAsync(id, readId, "unaided", 70, html)).StatusCode);
        var (aidedId, aidedPhase, aidedHtml) = await client.CurrentAsync(id);
        Assert.Equal(readId, aidedId);
        Assert.Equal("aided", aidedPhase);
        Assert.Contains($"/model/heat/{read.StudyCase!.CaseId}/viridis.png?model={StudyAppFactory.Model.Sha256}", aidedHtml, StringComparison.Ordinal);
        Assert.Contains($"{read.StudyCase.ModelProbability * 100:0}%", aidedHtml, StringComparison.Ordinal);
        using (var scope = app.Services.CreateScope())
        {
            var rules = scope.ServiceProvider.GetServices<IModelOutputAccessRule>();
            Assert.True(await rules.Single(r => r is StudyModelOutputAccess).MayViewAsync(read.Reader!.UserId, read.StudyCase.CaseId, default));
            Assert.False(await rules.Single(r => r is StudyModelOutputAccess).MayViewAsync("someone-else", read.StudyCase.CaseId, default));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await client.RateAsync(id, readId, "aided", 85, aidedHtml)).StatusCode);
        var stored = await app.WithDbAsync(db => db.StudyReads.SingleAsync(r => r.PublicId == readId));
        Assert.Equal(70, stored.UnaidedRating);
        Assert.Equal(85, stored.AidedRating);
        Assert.NotNull(stored.UnaidedMs);
        Assert.NotNull(stored.AidedMs);

        var study = await app.StudyAsync(id);
        foreach (var reader in study.Readers)
        {
            var order = reader.Reads.OrderBy(r => r.Sequence).Select(r => r.StudyCaseId).ToList();
            var expected = StudyCasePicker.ReadingOrder(study.Cases.Count, reader.OrderSeed).Select(i => study.Cases.Single(c => c.Position == i).Id).ToList();
            Assert.Equal(expected, order);
        }

        _ = userId;
    }

    [Fact]
    public async Task Double_Submissions_Are_Stored_Exactly_Once_Under_Concurrency()
    {
        var (_, id, readers) = await CreateStudyAsync("double", "UnaidedOnly", "r1");
        var client = readers["r1"];
        await client.StartAsync(id);
        var (readId, _, html) = await client.CurrentAsync(id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => client.RateAsync(id, readId, "unaided", i < 6 ? 20 : 90, html)));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect));
        Assert.Equal(11, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var conflict = await responses.First(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync();
        Assert.Contains("already recorded", conflict, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.StudyReads.SingleAsync(r => r.PublicId == readId));
        Assert.NotNull(stored.UnaidedAt);
        Assert.Contains(stored.UnaidedRating, new int?[] { 20, 90 });
    }

    [Fact]
    public async Task Unassigned_Users_Cannot_Read_Or_Post()
    {
        var (_, id, readers) = await CreateStudyAsync("unassigned", "UnaidedOnly", "r1");
        await readers["r1"].StartAsync(id);
        var (readId, _, html) = await readers["r1"].CurrentAsync(id);
        var outsider = await app.SignedInClientAsync("outsider@example.org", 3, Roles.Trainee);

        var page = await outsider.GetAsync($"/studies/{id}/read");
        var post = await outsider.PostAsync($"/studies/{id}/read/{readId}/unaided", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = HttpExtensions.AntiforgeryToken(await outsider.GetStringAsync("/studies")),
            ["Diagnosis"] = "Osteosarcoma",
            ["Confidence"] = "80",
        }));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("not assigned", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null((await app.WithDbAsync(db => db.StudyReads.SingleAsync(r => r.PublicId == readId))).UnaidedAt);
        _ = html;
    }

    [Fact]
    public async Task Reads_After_The_Deadline_Are_Refused_And_Change_Nothing()
    {
        var (_, id, readers) = await CreateStudyAsync("late", "UnaidedOnly", "r1");
        var client = readers["r1"];
        await client.StartAsync(id);
        var (readId, _, html) = await client.CurrentAsync(id);
        await app.WithDbAsync(db => db.ReaderStudies.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Deadline, DateTime.UtcNow.AddMinutes(-1))));

        var response = await client.RateAsync(id, readId, "unaided", 80, html);
        var page = await client.GetAsync($"/studies/{id}/read");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("deadline passed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Null((await app.WithDbAsync(db => db.StudyReads.SingleAsync(r => r.PublicId == readId))).UnaidedAt);
    }

    [Fact]
    public async Task Truth_Is_Shown_Only_After_The_Study_Closes()
    {
        var (director, id, readers) = await CreateStudyAsync("feedback", "UnaidedOnly", "r1");
        var client = readers["r1"];
        await client.StartAsync(id);
        var (readId, _, html) = await client.CurrentAsync(id);
        await client.RateAsync(id, readId, "unaided", 80, html);

        var early = await client.GetAsync($"/studies/{id}/feedback");
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);

        var close = await director.PostFormAsync($"/studies/{id}/close", [], $"/studies/{id}");
        Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        var feedback = await client.GetStringAsync($"/studies/{id}/feedback");
        Assert.Contains("Proven", feedback, StringComparison.Ordinal);
        Assert.Contains("(80%)", feedback, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/studies/{id}/read")).StatusCode);
    }
}
