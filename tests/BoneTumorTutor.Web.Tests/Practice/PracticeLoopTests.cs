using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Web.Tests.Practice;

public sealed class PracticeLoopTests(CustomContentAppFactory app) : IClassFixture<CustomContentAppFactory>
{
    [Fact]
    public async Task Trainee_Registers_Practises_Sees_The_Reveal_And_Finds_It_In_History()
    {
        var client = app.CreateBrowserLikeClient();
        Assert.Equal(HttpStatusCode.Redirect, (await client.RegisterAsync("loop@example.org", "Resident", 2)).StatusCode);

        var (attemptId, html) = await client.OpenNextCaseAsync();
        Assert.Contains("Commit answer", html, StringComparison.Ordinal);
        Assert.Contains("Synthetic teaching phantom", html, StringComparison.Ordinal);

        var answer = await client.AnswerAsync(attemptId, "Osteosarcoma", 80, html);
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.Equal($"/practice/{attemptId}/reveal", answer.Headers.Location!.OriginalString);

        var reveal = await client.GetStringAsync($"/practice/{attemptId}/reveal");
        Assert.Contains("Proven diagnosis", reveal, StringComparison.Ordinal);
        Assert.Contains("CANARY-", reveal, StringComparison.Ordinal);
        Assert.Contains("Teaching notes", reveal, StringComparison.Ordinal);

        var stored = await app.WithDbAsync(db => db.Attempts.Include(a => a.Case).SingleAsync(a => a.PublicId == attemptId));
        Assert.Equal(BoneTumorTutor.Cases.Diagnosis.Osteosarcoma, stored.Answer);
        Assert.Equal(80, stored.Confidence);
        Assert.Equal(stored.Case!.Diagnosis, stored.Truth);
        Assert.Equal(stored.Case.Diagnosis == BoneTumorTutor.Cases.Diagnosis.Osteosarcoma, stored.IsCorrect);
        Assert.Equal(2, stored.ExperienceYears);
        Assert.Equal(ExperienceBand.Junior, stored.Band);
        Assert.NotNull(stored.TimeOnCaseMs);
        Assert.Contains(stored.IsCorrect == true ? "Correct" : "Not this time", reveal, StringComparison.Ordinal);

        var history = await client.GetStringAsync("/practice/history");
        Assert.Contains($"/practice/{attemptId}/reveal", history, StringComparison.Ordinal);
        var mistakes = await client.GetStringAsync("/practice/history?mistakes=true");
        Assert.Equal(stored.IsCorrect == false, mistakes.Contains($"/practice/{attemptId}/reveal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Next_Gives_Two_Tabs_The_Same_Open_Case()
    {
        var client = await app.SignedInClientAsync("tabs@example.org", 3, Roles.Trainee);

        var first = await client.OpenNextCaseAsync();
        var second = await client.OpenNextCaseAsync();

        Assert.Equal(first.AttemptId, second.AttemptId);
    }

    [Fact]
    public async Task A_Double_Submit_Stores_One_Answer_And_Both_Land_On_The_Reveal()
    {
        var client = await app.SignedInClientAsync("double@example.org", 3, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();

        var responses = await Task.WhenAll(
            client.AnswerAsync(attemptId, "Osteosarcoma", 90, html),
            client.AnswerAsync(attemptId, "GiantCellTumor", 10, html),
            client.AnswerAsync(attemptId, "Osteosarcoma", 70, html));

        Assert.All(responses, r => Assert.Equal($"/practice/{attemptId}/reveal", r.Headers.Location!.OriginalString));
        var answers = await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId && a.AnsweredAt != null).ToListAsync());
        Assert.Single(answers);
    }

    [Fact]
    public async Task An_Answer_Cannot_Be_Changed_After_The_Reveal()
    {
        var client = await app.SignedInClientAsync("immutable@example.org", 3, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();
        await client.AnswerAsync(attemptId, "GiantCellTumor", 20, html);
        await client.GetStringAsync($"/practice/{attemptId}/reveal");

        var again = await client.AnswerAsync(attemptId, "Osteosarcoma", 95, html);

        Assert.Equal($"/practice/{attemptId}/reveal", again.Headers.Location!.OriginalString);
        var stored = await app.WithDbAsync(db => db.Attempts.SingleAsync(a => a.PublicId == attemptId));
        Assert.Equal((BoneTumorTutor.Cases.Diagnosis.GiantCellTumor, 20), (stored.Answer!.Value, stored.Confidence!.Value));
    }

    [Fact]
    public async Task A_Contradictory_Answer_Is_Refused_With_A_Message_And_Stores_Nothing()
    {
        var client = await app.SignedInClientAsync("contradiction@example.org", 3, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();

        var response = await client.AnswerAsync(attemptId, "Osteosarcoma", 10, html);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("below 50%", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Attempts.AnyAsync(a => a.PublicId == attemptId && a.AnsweredAt != null)));
    }

    [Fact]
    public async Task The_Reveal_Is_Unreachable_Before_The_Answer_And_To_Other_Trainees()
    {
        var owner = await app.SignedInClientAsync("owner@example.org", 3, Roles.Trainee);
        var other = await app.SignedInClientAsync("other@example.org", 3, Roles.Trainee);
        var (attemptId, html) = await owner.OpenNextCaseAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync($"/practice/{attemptId}/reveal")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/practice/{attemptId}")).StatusCode);

        await owner.AnswerAsync(attemptId, "Osteosarcoma", 60, html);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/practice/{attemptId}/reveal")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/practice/{attemptId}/reveal")).StatusCode);
        var otherAnswer = await other.AnswerAsync(attemptId, "GiantCellTumor", 0, await other.GetStringAsync("/account/profile"));
        Assert.Equal(HttpStatusCode.NotFound, otherAnswer.StatusCode);
    }

    [Fact]
    public async Task Answers_Keep_The_Band_Of_Their_Time_When_The_Trainee_Moves_Up()
    {
        var client = await app.SignedInClientAsync("mover@example.org", 4, Roles.Trainee);
        var (firstId, firstHtml) = await client.OpenNextCaseAsync();
        await client.AnswerAsync(firstId, "Osteosarcoma", 70, firstHtml);

        var update = await client.PostFormAsync("/account/profile", new() { ["DisplayName"] = "Mover", ["Stage"] = "Fellow", ["StageValue"] = "7" });
        Assert.Equal(HttpStatusCode.Redirect, update.StatusCode);
        var (secondId, secondHtml) = await client.OpenNextCaseAsync();
        await client.AnswerAsync(secondId, "Osteosarcoma", 70, secondHtml);

        var bands = await app.WithDbAsync(db => db.Attempts
            .Where(a => a.PublicId == firstId || a.PublicId == secondId)
            .Select(a => new { a.PublicId, a.Band, a.ExperienceYears })
            .ToListAsync());
        Assert.Equal((ExperienceBand.Junior, 4), bands.Where(b => b.PublicId == firstId).Select(b => (b.Band!.Value, b.ExperienceYears!.Value)).Single());
        Assert.Equal((ExperienceBand.Intermediate, 7), bands.Where(b => b.PublicId == secondId).Select(b => (b.Band!.Value, b.ExperienceYears!.Value)).Single());
        Assert.Contains("Intermediate (6–10 years)", await client.GetStringAsync("/account/profile"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Practising_Every_Case_Shows_Each_Once_Before_Any_Repeats_And_Never_Twice_In_A_Row()
    {
        var client = await app.SignedInClientAsync("coverage@example.org", 3, Roles.Trainee);
        var caseIds = new List<int>();
        for (var i = 0; i < 12; i++)
        {
            var (attemptId, html) = await client.OpenNextCaseAsync();
            caseIds.Add(await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.CaseId).SingleAsync()));
            await client.AnswerAsync(attemptId, "GiantCellTumor", 30, html);
        }

        var cases = await app.WithDbAsync(db => db.Cases.Select(c => new { c.Id, c.Diagnosis }).ToDictionaryAsync(c => c.Id, c => c.Diagnosis));
        Assert.All(caseIds.Zip(caseIds.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        // Within each class, no case is repeated while another case of that class is unseen.
        foreach (var diagnosis in cases.Values.Distinct())
        {
            var ofClass = caseIds.Where(id => cases[id] == diagnosis).ToList();
            var classSize = cases.Count(c => c.Value == diagnosis);
            var distinctBeforeRepeat = ofClass.Take(Math.Min(ofClass.Count, classSize)).Distinct().Count();
            Assert.Equal(Math.Min(ofClass.Count, classSize), distinctBeforeRepeat);
        }
    }
}
