using System.Globalization;
using System.Net;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Practice;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Practice;

/// <summary>
/// The aided second answer on the reveal (the study's sequential read): offered only after the unaided answer and only
/// with model output, stored once beside the unaided answer with the model reading the trainee saw, and counted on
/// the progress page.
/// </summary>
public sealed class AidedAnswerTests(AppFactory app) : IClassFixture<AppFactory>
{
    private async Task WaitForPredictionsAsync() =>
        await app.Services.GetRequiredService<PredictionQueue>().WhenIdleAsync(TestContext.Current.CancellationToken);

    private static Task<HttpResponseMessage> PostAidedAsync(HttpClient client, Guid attemptId, string html, string? diagnosis, int? confidence, string? model = null)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = HttpExtensions.AntiforgeryToken(html) };
        if (model is not null)
        {
            fields["ModelSha256"] = model;
        }

        if (diagnosis is not null)
        {
            fields["Diagnosis"] = diagnosis;
        }

        if (confidence is not null)
        {
            fields["Confidence"] = confidence.Value.ToString(CultureInfo.InvariantCulture);
        }

        return client.PostAsync($"/practice/{attemptId}/aided", new FormUrlEncodedContent(fields));
    }

    /// <summary>A trainee who has answered a case with model output; returns the attempt, its case's prediction and the reveal's HTML.</summary>
    private async Task<(HttpClient Client, Guid AttemptId, CasePrediction Prediction, string Reveal)> AnsweredAsync(string email, string answer = "GiantCellTumor", int confidence = 30)
    {
        await WaitForPredictionsAsync();
        var client = await app.SignedInClientAsync(email, 2, Roles.Trainee);
        for (var i = 0; i < 20; i++)
        {
            var (attemptId, html) = await client.OpenNextCaseAsync();
            await client.AnswerAsync(attemptId, answer, confidence, html);
            var caseId = await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.CaseId).SingleAsync());
            var prediction = await app.WithDbAsync(db => db.CasePredictions.AsNoTracking().FirstOrDefaultAsync(p => p.CaseId == caseId));
            if (prediction is not null)
            {
                return (client, attemptId, prediction, await client.GetStringAsync($"/practice/{attemptId}/reveal"));
            }
        }

        throw new InvalidOperationException("No case with model output came up in 20 tries.");
    }

    [Fact]
    public async Task After_Answering_The_Trainee_Gives_A_Second_Read_Once_And_The_Reveal_Shows_Both()
    {
        var (client, attemptId, prediction, reveal) = await AnsweredAsync("aided-once@example.org", "GiantCellTumor", 30);
        Assert.Contains($"action=\"/practice/{attemptId}/aided\"", reveal, StringComparison.Ordinal);
        Assert.Contains("Second read with the model", reveal, StringComparison.Ordinal);

        var response = await PostAidedAsync(client, attemptId, reveal, "Osteosarcoma", 75);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/practice/{attemptId}/reveal", response.Headers.Location!.OriginalString);

        var stored = await app.WithDbAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.PublicId == attemptId));
        Assert.Equal((Diagnosis.GiantCellTumor, 30), (stored.Answer!.Value, stored.Confidence!.Value));
        Assert.Equal((Diagnosis.Osteosarcoma, 75), (stored.AidedAnswer!.Value, stored.AidedConfidence!.Value));
        Assert.Equal((prediction.Call, prediction.ProbabilityOs, prediction.ModelSha256), (stored.ModelCall!.Value, stored.ModelProbability!.Value, stored.ModelSha256));
        Assert.True(stored.Switched);
        Assert.Equal(prediction.Call == stored.Truth, stored.ModelCorrect);

        var after = await client.GetStringAsync($"/practice/{attemptId}/reveal");
        Assert.DoesNotContain($"action=\"/practice/{attemptId}/aided\"", after, StringComparison.Ordinal);
        Assert.Contains("data-aided-read", after, StringComparison.Ordinal);
        Assert.Contains("Osteosarcoma at 75%", after, StringComparison.Ordinal);
        Assert.Contains("Giant cell tumour of bone at 30%", after, StringComparison.Ordinal);
        Assert.Contains("You switched after seeing the model.", after, StringComparison.Ordinal);

        // A second submit (back button, second tab) lands on the reveal and changes nothing.
        var again = await PostAidedAsync(client, attemptId, reveal, "GiantCellTumor", 5);
        Assert.Equal($"/practice/{attemptId}/reveal", again.Headers.Location!.OriginalString);
        var still = await app.WithDbAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.PublicId == attemptId));
        Assert.Equal((Diagnosis.Osteosarcoma, 75, stored.AidedAt), (still.AidedAnswer!.Value, still.AidedConfidence!.Value, still.AidedAt));
    }

    [Fact]
    public async Task Racing_Submits_Store_One_Aided_Answer()
    {
        var (client, attemptId, _, reveal) = await AnsweredAsync("aided-race@example.org", "Osteosarcoma", 60);

        var responses = await Task.WhenAll(
            PostAidedAsync(client, attemptId, reveal, "Osteosarcoma", 90),
            PostAidedAsync(client, attemptId, reveal, "GiantCellTumor", 10),
            PostAidedAsync(client, attemptId, reveal, "Osteosarcoma", 55));

        Assert.All(responses, r => Assert.Equal($"/practice/{attemptId}/reveal", r.Headers.Location!.OriginalString));
        var stored = await app.WithDbAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.PublicId == attemptId));
        Assert.Contains((stored.AidedAnswer!.Value, stored.AidedConfidence!.Value), new[] { (Diagnosis.Osteosarcoma, 90), (Diagnosis.GiantCellTumor, 10), (Diagnosis.Osteosarcoma, 55) });
        Assert.Equal((Diagnosis.Osteosarcoma, 60), (stored.Answer!.Value, stored.Confidence!.Value));
    }

    [Fact]
    public async Task An_Aided_Answer_Before_The_Unaided_One_Is_Refused_And_Reveals_Nothing()
    {
        await WaitForPredictionsAsync();
        var client = await app.SignedInClientAsync("aided-early@example.org", 2, Roles.Trainee);
        var (attemptId, html) = await client.OpenNextCaseAsync();
        Assert.DoesNotContain("/aided", html, StringComparison.Ordinal);

        var response = await PostAidedAsync(client, attemptId, html, "Osteosarcoma", 80);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Commit your own answer first", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Proven diagnosis", body, StringComparison.Ordinal);
        Assert.DoesNotContain("model's reading", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/model/heat/", body, StringComparison.Ordinal);
        var stored = await app.WithDbAsync(db => db.Attempts.AsNoTracking().SingleAsync(a => a.PublicId == attemptId));
        Assert.Null(stored.AnsweredAt);
        Assert.Null(stored.AidedAt);
        Assert.Null(stored.ModelCall);

        // The case is still open and can be answered as usual.
        Assert.Equal(HttpStatusCode.Redirect, (await client.AnswerAsync(attemptId, "Osteosarcoma", 80, html)).StatusCode);
    }

    [Fact]
    public async Task Without_An_Antiforgery_Token_The_Post_Is_Refused()
    {
        var (client, attemptId, _, _) = await AnsweredAsync("aided-csrf@example.org");

        var response = await client.PostAsync($"/practice/{attemptId}/aided", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Diagnosis"] = "Osteosarcoma",
            ["Confidence"] = "80",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.AidedAt).SingleAsync()));
    }

    [Fact]
    public async Task Another_Trainees_Attempt_Is_Not_Found()
    {
        var (_, attemptId, _, _) = await AnsweredAsync("aided-owner@example.org");
        var other = await app.SignedInClientAsync("aided-intruder@example.org", 2, Roles.Trainee);

        var response = await PostAidedAsync(other, attemptId, await other.GetStringAsync("/account/profile"), "Osteosarcoma", 80);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.AidedAt).SingleAsync()));
    }

    [Theory]
    [InlineData("Osteosarcoma", 20, "below 50%")]
    [InlineData(null, 50, "Choose a diagnosis")]
    [InlineData("Osteosarcoma", null, "from 0 to 100")]
    [InlineData("Osteosarcoma", 250, "from 0 to 100")]
    public async Task Invalid_Values_Are_Refused_On_The_Reveal_With_A_Message(string? diagnosis, int? confidence, string message)
    {
        var (client, attemptId, _, reveal) = await AnsweredAsync($"aided-invalid-{Guid.NewGuid():N}@example.org");

        var response = await PostAidedAsync(client, attemptId, reveal, diagnosis, confidence);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, body, StringComparison.Ordinal);
        Assert.Contains("Proven diagnosis", body, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.AidedAt).SingleAsync()));
    }

    [Fact]
    public async Task A_Case_Without_Model_Output_Has_No_Aided_Form_And_The_Post_Is_Refused()
    {
        var (client, attemptId, prediction, reveal) = await AnsweredAsync("aided-nobox@example.org");
        var box = await app.WithDbAsync(db => db.Cases.Where(c => c.Id == prediction.CaseId).Select(c => c.LesionBox).SingleAsync());
        await SetBoxAsync(prediction.CaseId, null);
        try
        {
            var page = await client.GetStringAsync($"/practice/{attemptId}/reveal");
            Assert.Contains("No model output for this case", page, StringComparison.Ordinal);
            Assert.DoesNotContain("/aided\"", page, StringComparison.Ordinal);

            var response = await PostAidedAsync(client, attemptId, reveal, "Osteosarcoma", 80);

            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains(AidedAnswers.NoModelOutputMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.AidedAt).SingleAsync()));
        }
        finally
        {
            await SetBoxAsync(prediction.CaseId, box);
        }
    }

    private Task<int> SetBoxAsync(int caseId, LesionBox? box) =>
        app.WithDbAsync(db => db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(s => s.SetProperty(c => c.LesionBox, box)));

    [Fact]
    public async Task The_Progress_Page_Counts_Aided_Answers_And_Switches_By_Whether_The_Model_Was_Right()
    {
        var (client, attemptId, prediction, reveal) = await AnsweredAsync("aided-progress@example.org", "GiantCellTumor", 30);
        Assert.Contains("No AI-aided second answers yet.", await client.GetStringAsync("/progress"), StringComparison.Ordinal);

        await PostAidedAsync(client, attemptId, reveal, "Osteosarcoma", 70);

        var truth = await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.Truth).SingleAsync());
        var modelRight = prediction.Call == truth;
        var progress = await client.GetStringAsync("/progress");
        Assert.Contains("<dt>Cases with both answers</dt><dd>1</dd>", progress, StringComparison.Ordinal);
        Assert.Contains($"<dt>Switched when the model was right</dt><dd>{(modelRight ? "1 of 1" : "0 of 0")}</dd>", progress, StringComparison.Ordinal);
        Assert.Contains($"<dt>Switched when the model was wrong</dt><dd>{(modelRight ? "0 of 0" : "1 of 1")}</dd>", progress, StringComparison.Ordinal);

        // The dashboard's per-learner summary (kept by database triggers) counts the same aided answer.
        var summary = await app.WithDbAsync(db => db.ProgressLearners.AsNoTracking()
            .SingleAsync(s => s.UserId == db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.UserId).First()));
        Assert.Equal(1, summary.AidedAnswered);
        Assert.Equal((modelRight ? 1 : 0, modelRight ? 1 : 0, modelRight ? 0 : 1, modelRight ? 0 : 1),
            (summary.ModelRight, summary.SwitchedWhenModelRight, summary.ModelWrong, summary.SwitchedWhenModelWrong));
    }

    [Fact]
    public async Task A_Second_Read_From_A_Page_Of_A_Model_That_Was_Replaced_Is_Refused_And_The_Page_Shows_The_New_Reading()
    {
        var (client, attemptId, prediction, reveal) = await AnsweredAsync("aided-stale@example.org");
        Assert.Contains($"name=\"ModelSha256\" value=\"{prediction.ModelSha256}\" data-aided-model", reveal, StringComparison.Ordinal);

        // The page was shown with another model's reading (an admin activated this one since).
        var stale = await PostAidedAsync(client, attemptId, reveal, "Osteosarcoma", 80, model: new string('0', 64));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await stale.Content.ReadAsStringAsync();
        Assert.Contains(System.Net.WebUtility.HtmlEncode(AidedAnswers.ModelChangedMessage), page, StringComparison.Ordinal);
        Assert.Contains($"value=\"{prediction.ModelSha256}\" data-aided-model", page, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.AidedAt).SingleAsync()));

        // Given again from the page that shows the active model's reading, it is stored with that reading.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAidedAsync(client, attemptId, page, "Osteosarcoma", 80, model: prediction.ModelSha256)).StatusCode);
        Assert.Equal(prediction.ModelSha256, await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.ModelSha256).SingleAsync()));
    }
}
