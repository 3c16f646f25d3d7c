using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Testing;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BoneTumorTutor.Web.Tests.Inference;

/// <summary>The app with its own copy of the models folder, so uploads and activations touch no checkout file.</summary>
public sealed class ModelAdminAppFactory : AppFactory
{
    public string ModelsDirectory { get; } = CopyModels();

    private static string CopyModels()
    {
        var models = TestFiles.CreateTempDirectory("btt-models");
        foreach (var ext in new[] { ".onnx", ".json" })
        {
            File.Copy(Path.Combine(TestFiles.RepositoryRoot, "models", "btt-os-gct" + ext), Path.Combine(models, "btt-os-gct" + ext));
        }

        return models;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Models:Directory", ModelsDirectory);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(ModelsDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>The admin model page: the active model and its card, installed models, activation and upload with the contract's checks.</summary>
public sealed class ModelAdminTests(ModelAdminAppFactory app) : IClassFixture<ModelAdminAppFactory>
{
    private static readonly string Fixtures = Path.Combine(TestFiles.RepositoryRoot, "tests", "BoneTumorTutor.Tests", "Inference");

    private PredictionQueue Queue => app.Services.GetRequiredService<PredictionQueue>();

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(Fixtures, name + ".onnx"));

    /// <summary>A card for the small test models (input 128, no clinical model, no OOD rule).</summary>
    private static byte[] TinyCard(string name) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
    {
        ["name"] = name,
        ["contract_version"] = 1,
        ["intended_use"] = "tests only",
        ["classes"] = new[] { "giant-cell-tumor", "osteosarcoma" },
        ["preprocessing"] = new Dictionary<string, object>
        {
            ["frame_size"] = 256, ["crop_margin"] = 0.25, ["min_crop_side"] = 32, ["input_size"] = 128, ["mean"] = 0.5, ["std"] = 0.25,
            ["clinical_features"] = new[] { "age_years_div_100", "sex_male", "site_femur", "site_tibia" },
        },
        ["threshold"] = new Dictionary<string, object> { ["p_os"] = 0.5 },
    });

    private Task<HttpClient> AdminAsync(string tag) => app.SignedInClientAsync($"model-admin-{tag}@example.org", 10, Roles.Admin);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[]? onnx, byte[]? card)
    {
        var token = HttpExtensions.AntiforgeryToken(await client.GetStringAsync("/admin/model"));
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (onnx is not null)
        {
            var file = new ByteArrayContent(onnx);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "Onnx", "model.onnx");
        }

        if (card is not null)
        {
            var file = new ByteArrayContent(card);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(file, "Card", "model.json");
        }

        return await client.PostAsync("/admin/model/upload", form);
    }

    private static Task<HttpResponseMessage> ActivateAsync(HttpClient client, string name) =>
        client.PostFormAsync("/admin/model/activate", new() { ["name"] = name }, "/admin/model");

    /// <summary>Follows the redirect back to the page and returns its HTML.</summary>
    private static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await client.GetStringAsync(response.Headers.Location!.OriginalString);
    }

    private string[] ModelFiles() => [.. Directory.EnumerateFiles(app.ModelsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public async Task The_Admin_Sees_The_Active_Model_Its_Card_And_The_Provider_In_Use()
    {
        var client = await AdminAsync("view");
        var active = app.Services.GetRequiredService<ModelHost>().Describe()!.Value;

        var html = await client.GetStringAsync("/admin/model");

        Assert.Contains("<dd data-active-name>btt-os-gct</dd>", html, StringComparison.Ordinal);
        Assert.Contains(active.Sha256, html, StringComparison.Ordinal);
        Assert.Contains($"<dd data-provider>{active.Provider.Name}", html, StringComparison.Ordinal);
        Assert.Contains("Contract version</dt><dd>1 (this app reads version 1)", html, StringComparison.Ordinal);
        Assert.Contains(WebUtilityEncoded(active.Card.IntendedUse!), html, StringComparison.Ordinal);
        Assert.Contains(WebUtilityEncoded(active.Card.Limitations[0]), html, StringComparison.Ordinal);
        Assert.Contains("internal test", html, StringComparison.Ordinal);
        Assert.Contains("training data", html, StringComparison.Ordinal);
        Assert.Contains("data-model-row=\"btt-os-gct\"", html, StringComparison.Ordinal);
        Assert.Contains("/js/model-admin.js", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/admin/model\">Model</a>", html, StringComparison.Ordinal);
    }

    private static string WebUtilityEncoded(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);

    [Fact]
    public async Task Only_Admins_Reach_The_Page()
    {
        foreach (var role in new[] { Roles.Trainee, Roles.Educator, Roles.Director })
        {
            var client = await app.SignedInClientAsync($"model-{role.ToLowerInvariant()}@example.org", 5, role);
            foreach (var url in new[] { "/admin/model", "/admin/model/status" })
            {
                var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal("/account/denied", response.Headers.Location!.AbsolutePath);
            }

            Assert.DoesNotContain("href=\"/admin/model\"", await client.GetStringAsync("/account/profile"), StringComparison.Ordinal);
        }

        var anonymous = await app.CreateBrowserLikeClient().GetAsync("/admin/model");
        Assert.Equal("/account/login", anonymous.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("missing_cam", "lacks the output(s) cam")]
    [InlineData("wrong_input_name", "inputs the contract does not allow: x")]
    [InlineData("wrong_input_size", "[N, 1, 128, 128]")]
    [InlineData("not-onnx", "not a loadable ONNX model")]
    [InlineData("truncated", "not a loadable ONNX model")]
    public async Task A_Broken_Model_Is_Refused_With_A_Message_Nothing_Is_Stored_And_The_Active_Model_Stays(string file, string message)
    {
        var client = await AdminAsync("broken-" + file);
        var before = app.Services.GetRequiredService<IActiveModel>().Current;
        var files = ModelFiles();
        var onnx = file switch
        {
            "not-onnx" => "not a model at all"u8.ToArray(),
            "truncated" => Fixture("tiny_conforming")[..200],
            _ => Fixture(file),
        };

        var html = await FollowAsync(client, await UploadAsync(client, onnx, TinyCard("upload-" + file)));

        Assert.Contains("The upload was refused", html, StringComparison.Ordinal);
        Assert.Contains(WebUtilityEncoded(message), html, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored", html, StringComparison.Ordinal);
        Assert.Equal(files, ModelFiles());
        Assert.Equal(before, app.Services.GetRequiredService<IActiveModel>().Current);
    }

    [Fact]
    public async Task An_Upload_Without_Both_Files_Or_With_A_Bad_Card_Is_Refused()
    {
        var client = await AdminAsync("incomplete");
        var files = ModelFiles();

        Assert.Contains(WebUtilityEncoded("Choose the model's card"), await FollowAsync(client, await UploadAsync(client, Fixture("tiny_conforming"), null)), StringComparison.Ordinal);
        Assert.Contains(".onnx file", await FollowAsync(client, await UploadAsync(client, null, TinyCard("x"))), StringComparison.Ordinal);
        Assert.Contains("not valid JSON", await FollowAsync(client, await UploadAsync(client, Fixture("tiny_conforming"), "{ nope"u8.ToArray())), StringComparison.Ordinal);
        Assert.Equal(files, ModelFiles());
    }

    [Fact]
    public async Task Activating_A_Model_That_Breaks_The_Contract_Keeps_The_Previous_One()
    {
        var client = await AdminAsync("bad-activate");
        File.WriteAllBytes(Path.Combine(app.ModelsDirectory, "dropped-in.onnx"), Fixture("missing_cam"));
        File.WriteAllBytes(Path.Combine(app.ModelsDirectory, "dropped-in.json"), TinyCard("dropped-in"));
        try
        {
            var before = app.Services.GetRequiredService<IActiveModel>().Current;
            var page = await client.GetStringAsync("/admin/model");
            Assert.Contains("does not follow it", page, StringComparison.Ordinal);

            var html = await FollowAsync(client, await ActivateAsync(client, "dropped-in"));

            Assert.Contains("dropped-in was not activated", html, StringComparison.Ordinal);
            Assert.Contains("The previous model stays active", html, StringComparison.Ordinal);
            Assert.Equal(before, app.Services.GetRequiredService<IActiveModel>().Current);
        }
        finally
        {
            File.Delete(Path.Combine(app.ModelsDirectory, "dropped-in.onnx"));
            File.Delete(Path.Combine(app.ModelsDirectory, "dropped-in.json"));
        }
    }

    [Fact]
    public async Task An_Uploaded_Model_Once_Activated_Reads_The_Missing_Cases_And_The_Reveal_Uses_Its_Cached_Output()
    {
        await Queue.WhenIdleAsync(TestContext.Current.CancellationToken);
        var admin = await AdminAsync("activate");
        var original = app.Services.GetRequiredService<IActiveModel>().Current!;
        var cases = await app.WithDbAsync(db => db.Cases.CountAsync(c => c.Status == CaseStatus.Published && c.ImageId != null && c.LesionBox != null));

        var uploaded = await FollowAsync(admin, await UploadAsync(admin, Fixture("tiny_conforming"), TinyCard("tiny-upload")));
        Assert.Contains("tiny-upload", uploaded, StringComparison.Ordinal);
        Assert.Contains("is installed and follows the contract", uploaded, StringComparison.Ordinal);
        Assert.Contains("data-model-row=\"tiny-upload\"", uploaded, StringComparison.Ordinal);
        Assert.Equal(original, app.Services.GetRequiredService<IActiveModel>().Current);

        try
        {
            var activated = await FollowAsync(admin, await ActivateAsync(admin, "tiny-upload"));
            Assert.Contains("tiny-upload is active", activated, StringComparison.Ordinal);
            var tiny = app.Services.GetRequiredService<IActiveModel>().Current!;
            Assert.Equal("tiny-upload", tiny.Name);
            Assert.NotEqual(original.Sha256, tiny.Sha256);
            await Queue.WhenIdleAsync(TestContext.Current.CancellationToken);

            // The job read every published case with a box, and the page's poller says so.
            var status = JsonDocument.Parse(await admin.GetStringAsync("/admin/model/status")).RootElement;
            Assert.False(status.GetProperty("running").GetBoolean());
            Assert.Equal(cases, status.GetProperty("total").GetInt32());
            Assert.Equal(cases, status.GetProperty("done").GetInt32());
            Assert.Equal(0, status.GetProperty("failed").GetInt32());
            Assert.Equal(cases, await app.WithDbAsync(db => db.CasePredictions.CountAsync(p => p.ModelSha256 == tiny.Sha256)));

            // A trainee's reveal now shows the new model's cached reading.
            var trainee = await app.SignedInClientAsync("model-reveal@example.org", 2, Roles.Trainee);
            var checkedReveal = false;
            for (var i = 0; i < 20 && !checkedReveal; i++)
            {
                var (attemptId, html) = await trainee.OpenNextCaseAsync();
                await trainee.AnswerAsync(attemptId, "Osteosarcoma", 70, html);
                var caseId = await app.WithDbAsync(db => db.Attempts.Where(a => a.PublicId == attemptId).Select(a => a.CaseId).SingleAsync());
                var prediction = await app.WithDbAsync(db => db.CasePredictions.AsNoTracking().FirstOrDefaultAsync(p => p.CaseId == caseId && p.ModelSha256 == tiny.Sha256));
                if (prediction is null)
                {
                    continue;
                }

                var reveal = await trainee.GetStringAsync($"/practice/{attemptId}/reveal");
                Assert.Contains($"?model={tiny.Sha256}", reveal, StringComparison.Ordinal);
                Assert.DoesNotContain(original.Sha256, reveal, StringComparison.Ordinal);
                Assert.Contains((100 * prediction.ProbabilityOs).ToString("0", CultureInfo.InvariantCulture) + "%", reveal, StringComparison.Ordinal);
                checkedReveal = true;
            }

            Assert.True(checkedReveal, "no practised case had a reading by the new model");
        }
        finally
        {
            // Back to the shipped model: its readings are all still cached, so the job has nothing to compute.
            var back = await FollowAsync(admin, await ActivateAsync(admin, "btt-os-gct"));
            Assert.Contains("btt-os-gct is active", back, StringComparison.Ordinal);
            await Queue.WhenIdleAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(original, app.Services.GetRequiredService<IActiveModel>().Current);
        Assert.Equal(0, Queue.Run.Total);
        Assert.Equal(cases, await app.WithDbAsync(db => db.CasePredictions.CountAsync(p => p.ModelSha256 == original.Sha256)));
    }
}
