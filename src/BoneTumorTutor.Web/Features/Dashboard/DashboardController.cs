using System.Globalization;
using System.Text;
using System.Text.Json;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Progress;
using BoneTumorTutor.Web.Features.Progress;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Features.Dashboard;

public sealed record DashboardPage(IReadOnlyList<CohortRow> Rows, ExperienceBand? Band, string Sort, string BehindRule, ExperienceOptions Bands, string ScatterJson);

/// <summary>The director's cohort dashboard, a learner's drill-down and the CSV exports. Trainees never reach it.</summary>
[Authorize(Roles = Roles.DirectorOrAdmin), Route("dashboard")]
public sealed class DashboardController(CohortService cohort, ProgressService progress, IOptions<ProgressOptions> options, IOptions<ExperienceOptions> bands) : Controller
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    [HttpGet("")]
    public async Task<IActionResult> Index(ExperienceBand? band, string? sort, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || (band is { } b && !Enum.IsDefined(b)))
        {
            return BadRequest();
        }

        var rows = Sorted(await cohort.RowsAsync(band, cancellationToken), sort ?? "name");
        var scatter = JsonSerializer.Serialize(new
        {
            kind = "scatter",
            points = rows.Where(r => r.Accuracy is not null).Select(r => new { x = r.ExperienceYears, y = Math.Round(r.Accuracy!.Estimate, 4), label = r.DisplayName }),
        }, JsonOptions);
        return View(new DashboardPage(rows, band, sort ?? "name", options.Value.DescribeBehindRule(), bands.Value, scatter));
    }

    private static IReadOnlyList<CohortRow> Sorted(IReadOnlyList<CohortRow> rows, string sort) => sort switch
    {
        "answered" => [.. rows.OrderByDescending(r => r.Answered)],
        "accuracy" => [.. rows.OrderBy(r => r.Accuracy?.Estimate ?? double.MaxValue)],
        "auc" => [.. rows.OrderBy(r => r.Auc ?? double.MaxValue)],
        "trend" => [.. rows.OrderBy(r => r.Trend ?? double.MaxValue)],
        "last" => [.. rows.OrderByDescending(r => r.LastActive ?? DateTime.MinValue)],
        "band" => [.. rows.OrderBy(r => r.Band).ThenBy(r => r.DisplayName, StringComparer.OrdinalIgnoreCase)],
        _ => rows,
    };

    [HttpGet("learners/{id}")]
    public async Task<IActionResult> Learner(string id, CancellationToken cancellationToken)
    {
        if (!await cohort.IsTraineeAsync(id, cancellationToken))
        {
            return NotFound();
        }

        var page = await progress.ForLearnerAsync(id, cancellationToken);
        return page is null ? NotFound() : View(new ProgressView(page, IsOwner: false));
    }

    /// <summary>The cohort table as CSV (UTF-8, header row, one learner a line).</summary>
    [HttpGet("export/cohort.csv")]
    public async Task<IActionResult> CohortCsv(CancellationToken cancellationToken)
    {
        var rows = await cohort.RowsAsync(null, cancellationToken);
        var csv = new StringBuilder();
        csv.Append(CsvCells.Line("learner_id", "name", "email", "training_level", "experience_years", "band", "answered", "correct", "accuracy",
            "accuracy_ci95_lower", "accuracy_ci95_upper", "auc", "last30_answered", "last30_accuracy", "trend_30d", "aided_gain", "last_active_utc", "behind"));
        foreach (var r in rows)
        {
            csv.Append(CsvCells.Line(
                CsvCells.Text(r.UserId), CsvCells.Text(r.DisplayName), CsvCells.Text(r.Email), CsvCells.Text(r.TrainingLevel),
                CsvCells.Number(r.ExperienceYears), CsvCells.Text(r.Band.ToString()), CsvCells.Number(r.Answered), CsvCells.Number(r.Accuracy?.Successes),
                CsvCells.Number(r.Accuracy?.Estimate), CsvCells.Number(r.Accuracy?.Ci95.Lower), CsvCells.Number(r.Accuracy?.Ci95.Upper), CsvCells.Number(r.Auc),
                CsvCells.Number(r.Last30Days?.Trials ?? 0), CsvCells.Number(r.Last30Days?.Estimate), CsvCells.Number(r.Trend), CsvCells.Number(r.AidedGain),
                r.LastActive?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "", r.IsBehind ? "true" : "false"));
        }

        return File(new UTF8Encoding(false).GetBytes(csv.ToString()), "text/csv; charset=utf-8", "cohort.csv");
    }

    /// <summary>Every committed answer as CSV (UTF-8, header row), streamed.</summary>
    [HttpGet("export/answers.csv")]
    public async Task AnswersCsv(CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=answers.csv";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false), 1 << 16);
        await writer.WriteAsync(CsvCells.Line("learner_id", "name", "case_id", "case_title", "answered_at_utc", "truth", "answer", "p_os", "correct",
            "experience_years", "band", "time_on_case_ms", "aided_answer", "aided_p_os"));
        await foreach (var a in cohort.AnswersForExport().WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(CsvCells.Line(
                CsvCells.Text(a.UserId), CsvCells.Text(a.DisplayName), CsvCells.Number(a.CaseId), CsvCells.Text(a.CaseTitle),
                a.AnsweredAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), a.Truth.ShortNameKey(), a.Answer.ShortNameKey(),
                CsvCells.Number(a.Confidence), a.IsCorrect ? "true" : "false", CsvCells.Number(a.ExperienceYears), a.Band?.ToString() ?? "",
                CsvCells.Number(a.TimeOnCaseMs), a.AidedAnswer?.ShortNameKey() ?? "", CsvCells.Number(a.AidedConfidence)));
        }
    }
}

internal static class DiagnosisCsv
{
    public static string ShortNameKey(this BoneTumorTutor.Cases.Diagnosis d) => BoneTumorTutor.Cases.DiagnosisNames.ShortName(d);
}
