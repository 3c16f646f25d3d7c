extern alias BttCli;

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Studies;
using BoneTumorTutor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MrmcCommand = BttCli::BoneTumorTutor.Cli.Stats.MrmcCommand;

namespace BoneTumorTutor.Web.Tests.Studies;

/// <summary>A whole study through the web pages, checked against `btt stats mrmc` run on the study's own export.</summary>
public sealed partial class StudyEndToEndTests(StudyAppFactory app) : IClassFixture<StudyAppFactory>
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    [GeneratedRegex("<tr data-group=\"(?<group>[^\"]+)\">(?<row>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex GroupRow();

    [GeneratedRegex("<tr data-reader=\"(?<reader>[^\"]+)\">(?<row>.*?)</tr>", RegexOptions.Singleline)]
    private static partial Regex ReaderRow();

    private static string Cell(string row, string name) =>
        Regex.Match(row, $"<[a-z]+ data-{name}>(?<v>[^<]*)<").Groups["v"].Value.Trim();

    private static string F4(JsonElement e) => e.ValueKind == JsonValueKind.Null ? "—" : e.GetDouble().ToString("F4", C);

    private static string Ci4(JsonElement ci) => $"{F4(ci[0])} to {F4(ci[1])}";

    private static string P(JsonElement p) => p.ValueKind == JsonValueKind.Null ? "n/a" : StudyAnalysis.FormatP(p.GetDouble());

    [Fact]
    public async Task A_Sequential_Study_Runs_End_To_End_And_The_Results_Page_Equals_Btt_Stats_Mrmc_On_The_Export()
    {
        await app.PlantPredictionsAsync();
        var director = await app.SignedInClientAsync("e2e-director@example.org", 15, Roles.Director);
        var years = new Dictionary<string, int> { ["e2e-a"] = 2, ["e2e-b"] = 4, ["e2e-c"] = 8, ["e2e-d"] = 12, ["e2e-quitter"] = 3 };
        var readers = new Dictionary<string, HttpClient>();
        var ids = new List<string>();
        foreach (var (name, y) in years)
        {
            readers[name] = await app.SignedInClientAsync($"{name}@example.org", y, Roles.Trainee);
            ids.Add(await app.WithDbAsync(db => db.Users.Where(u => u.Email == $"{name}@example.org").Select(u => u.Id).SingleAsync()));
        }

        var cases = await app.CaseIdsAsync();
        Assert.Equal(12, cases.Count);
        var id = StudyClient.StudyIdFrom(await director.CreateStudyAsync("End to end", "Sequential", cases.Values, ids));
        var truthByCaseId = await app.WithDbAsync(db => db.Cases.ToDictionaryAsync(c => c.Id, c => c.Diagnosis));

        // Each reader rates with their own accuracy and noise; the aided read moves towards the model's output.
        var random = new Random(20261128);
        var skill = new Dictionary<string, double> { ["e2e-a"] = 10, ["e2e-b"] = 18, ["e2e-c"] = 25, ["e2e-d"] = 30, ["e2e-quitter"] = 20 };
        foreach (var (name, client) in readers)
        {
            await client.StartAsync(id);
            var limit = name == "e2e-quitter" ? 5 : cases.Count;
            for (var n = 0; n < limit; n++)
            {
                var (readId, phase, html) = await client.CurrentAsync(id);
                Assert.Equal("unaided", phase);
                var read = await app.WithDbAsync(db => db.StudyReads.Include(r => r.StudyCase).SingleAsync(r => r.PublicId == readId));
                var os = truthByCaseId[read.StudyCase!.CaseId] == Diagnosis.Osteosarcoma;
                var unaided = (int)Math.Clamp(50 + (os ? skill[name] : -skill[name]) + random.Next(-35, 36), 0, 100);
                Assert.Equal(HttpStatusCode.Redirect, (await client.RateAsync(id, readId, "unaided", unaided, html)).StatusCode);

                var (aidedId, aidedPhase, aidedHtml) = await client.CurrentAsync(id);
                Assert.Equal((readId, "aided"), (aidedId, aidedPhase));
                var model = read.StudyCase.ModelProbability!.Value * 100;
                var aided = (int)Math.Clamp(Math.Round((unaided + model) / 2 + random.Next(-5, 6)), 0, 100);
                Assert.Equal(HttpStatusCode.Redirect, (await client.RateAsync(id, readId, "aided", aided, aidedHtml)).StatusCode);
            }
        }

        Assert.Contains("You have read every case", await readers["e2e-a"].GetStringAsync($"/studies/{id}/read"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await director.PostFormAsync($"/studies/{id}/close", [], $"/studies/{id}")).StatusCode);

        var page = await director.GetStringAsync($"/studies/{id}/results");
        var csv = await director.GetStringAsync($"/studies/{id}/export/ratings.csv");
        var imrmc = await director.GetStringAsync($"/studies/{id}/export/ratings.imrmc");
        var resultsCsv = await director.GetStringAsync($"/studies/{id}/export/results.csv");

        // The quitter is left out, with the reason; the analysis uses the four who finished.
        Assert.Contains("e2e-quitter", page, StringComparison.Ordinal);
        Assert.Contains("did not finish: 5 of 12 cases read unaided and 5 aided", page, StringComparison.Ordinal);
        Assert.Equal(1 + 4 * 12 * 2, csv.TrimEnd().Split('\n').Length);
        Assert.Contains("NR: 4\nN0: 6\nN1: 6\nNM: 2\n", imrmc, StringComparison.Ordinal);
        Assert.Equal(12 + 4 * 12 * 2, imrmc.Split("BEGIN DATA:\n")[1].TrimEnd().Split('\n').Length);

        var path = Path.Combine(app.DataDirectory, "export.csv");
        await File.WriteAllTextAsync(path, csv);
        using var cli = JsonDocument.Parse(MrmcCommand.Run(path, json: true));
        var root = cli.RootElement;
        var modalities = root.GetProperty("modalities").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal("aided", root.GetProperty("difference").GetProperty("first").GetString());

        // Per-reader AUCs on the page equal the CLI's.
        var readerRows = ReaderRow().Matches(page).ToDictionary(m => m.Groups["reader"].Value, m => m.Groups["row"].Value);
        Assert.Equal(4, readerRows.Count);
        foreach (var (label, row) in readerRows)
        {
            Assert.Equal(F4(modalities["unaided"].GetProperty("reader_aucs").GetProperty(label)), Cell(row, "auc-unaided"));
            Assert.Equal(F4(modalities["aided"].GetProperty("reader_aucs").GetProperty(label)), Cell(row, "auc-aided"));
        }

        // The overall ORH row equals the CLI: means, difference, and the three analyses' p and CI.
        var overall = GroupRow().Matches(page).Single(m => m.Groups["group"].Value == "All readers").Groups["row"].Value;
        Assert.Equal(F4(modalities["unaided"].GetProperty("auc")), Cell(overall, "mean-unaided"));
        Assert.Equal(F4(modalities["aided"].GetProperty("auc")), Cell(overall, "mean-aided"));
        Assert.Equal(F4(root.GetProperty("difference").GetProperty("estimate")), Cell(overall, "difference"));
        foreach (var analysis in new[] { "rrrc", "frrc", "rrfc" })
        {
            Assert.Equal(P(root.GetProperty(analysis).GetProperty("p")), Cell(overall, analysis + "-p"));
            Assert.Equal(Ci4(root.GetProperty(analysis).GetProperty("ci95")), Cell(overall, analysis + "-ci"));
        }

        // The results CSV carries the same figures at full precision.
        var rows = resultsCsv.Split('\n').Select(l => l.Split(',')).Where(f => f.Length == 7 && f[0] == "orh" && f[1] == "All readers").ToDictionary(f => f[2]);
        foreach (var (analysis, measure) in new[] { ("rrrc", "difference_aided_minus_unaided_rrrc"), ("frrc", "difference_aided_minus_unaided_frrc"), ("rrfc", "difference_aided_minus_unaided_rrfc") })
        {
            var ci = root.GetProperty(analysis).GetProperty("ci95");
            Assert.Equal(ci[0].GetDouble(), double.Parse(rows[measure][4], C), 12);
            Assert.Equal(ci[1].GetDouble(), double.Parse(rows[measure][5], C), 12);
            Assert.Equal(root.GetProperty(analysis).GetProperty("p").GetDouble(), double.Parse(rows[measure][6], C), 12);
        }

        // The rest of the page is there: model, automation bias, bands, summary, forest plot data.
        Assert.Contains("data-model-auc", page, StringComparison.Ordinal);
        Assert.Contains("Automation bias", page, StringComparison.Ordinal);
        Assert.Contains("Junior (≤ 5 years)", page, StringComparison.Ordinal);
        Assert.Contains("The reader-averaged AUC was", page, StringComparison.Ordinal);
        Assert.Contains("data-forest=\"[", page, StringComparison.Ordinal);

        // After closing, each reader sees their own feedback with the truth.
        var feedback = await readers["e2e-b"].GetStringAsync($"/studies/{id}/feedback");
        Assert.Contains("Proven", feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Results_And_Exports_Are_For_Directors_Only()
    {
        var educator = await app.SignedInClientAsync("e2e-educator@example.org", 15, Roles.Educator);
        var trainee = await app.SignedInClientAsync("e2e-trainee@example.org", 3, Roles.Trainee);

        foreach (var client in new[] { educator, trainee })
        {
            foreach (var url in new[] { "/studies/1/results", "/studies/1/export/ratings.csv", "/studies/1/export/ratings.imrmc", "/studies/1/export/results.csv" })
            {
                Assert.Equal("/account/denied", (await client.GetAsync(url)).Headers.Location!.AbsolutePath);
            }
        }
    }
}
