using BoneTumorTutor.Accounts;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Web.Features.ModelAdmin;

/// <summary>The active model as the admin page shows it.</summary>
public sealed record ActiveModelView(ModelCard Card, ExecutionProviderChoice Provider, string Sha256, long Bytes, int? CardContractVersion);

public sealed record ModelAdminPage(
    ActiveModelView? Active, IReadOnlyList<ModelFileInfo> Installed, PredictionRunStatus Job, string? LastProblem, int MaxUploadMegabytes, string? Message, string? Problem);

/// <summary>JSON the progress poller reads: the prediction job's latest run.</summary>
public sealed record PredictionRunStatus(bool Running, bool Started, int Total, int Done, int Failed, double RatePerSecond, double ElapsedSeconds, string? LastProblem);

public sealed class ModelUploadInput
{
    public IFormFile? Onnx { get; set; }

    public IFormFile? Card { get; set; }
}

/// <summary>
/// Admins see the active model (its card, the execution provider in use), the models installed, activate another
/// conforming one and upload a new one. Activating queues the new model's readings of the published cases that lack
/// one; the page polls that job's progress.
/// </summary>
[Authorize(Roles = Roles.Admin), Route("admin/model")]
public sealed class ModelAdminController(ModelHost models, PredictionQueue queue, IOptions<InferenceOptions> options, TimeProvider clock) : Controller
{
    // Whatever the configured cap, nothing larger than a model and a card the contract accepts is read at all.
    private const long MaxRequestBytes = OnnxModel.MaxOnnxBytes + ModelCard.MaxCardBytes + 1024 * 1024;

    [HttpGet("")]
    public IActionResult Index(string? message, string? problem)
    {
        var active = models.Describe() is { } d
            ? new ActiveModelView(d.Card, d.Provider, d.Sha256, d.Bytes, d.Card.Json["contract_version"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<int>(out var cv) ? cv : null)
            : null;
        return View(new ModelAdminPage(active, models.ListModels(), JobStatus(), models.LastProblem, options.Value.MaxUploadMegabytes, message, problem));
    }

    [HttpGet("status")]
    public IActionResult Status() => Json(JobStatus());

    [HttpPost("activate")]
    public IActionResult Activate(string? name)
    {
        if (!ModelHost.IsValidName(name))
        {
            return RedirectToAction(nameof(Index), new { problem = "Choose one of the installed models." });
        }

        try
        {
            var info = models.Activate(name!);
            return RedirectToAction(nameof(Index), new { message = $"{info.Name} is active. Its readings of published cases that lack one are being computed." });
        }
        catch (ModelRejectedException ex)
        {
            return RedirectToAction(nameof(Index), new { problem = $"{name} was not activated: {ex.Message} The previous model stays active." });
        }
    }

    [HttpPost("upload"), EnableRateLimiting(AbuseLimits.Upload)]
    [RequestSizeLimit(MaxRequestBytes), RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Upload(ModelUploadInput input, CancellationToken cancellationToken)
    {
        var maxBytes = (long)options.Value.MaxUploadMegabytes * 1024 * 1024;
        string? problem = input switch
        {
            { Onnx: null or { Length: 0 } } => "Choose the model's .onnx file.",
            { Card: null or { Length: 0 } } => "Choose the model's card (.json) as well.",
            { Onnx.Length: var n } when n > maxBytes => $"The .onnx file is larger than the {options.Value.MaxUploadMegabytes} MB allowed (Inference:MaxUploadMegabytes).",
            { Card.Length: var n } when n > ModelCard.MaxCardBytes => $"The card is larger than {ModelCard.MaxCardBytes / (1024 * 1024)} MB.",
            _ => null,
        };
        if (problem is not null)
        {
            return RedirectToAction(nameof(Index), new { problem = problem + " Nothing was stored." });
        }

        try
        {
            var installed = models.Install(await ReadAsync(input.Onnx!, cancellationToken), await ReadAsync(input.Card!, cancellationToken));
            return RedirectToAction(nameof(Index), new { message = $"{installed.Name} ({installed.Sha256![..12]}…) is installed and follows the contract. Activate it to use it." });
        }
        catch (ModelRejectedException ex)
        {
            return RedirectToAction(nameof(Index), new { problem = $"The upload was refused: {ex.Message} Nothing was stored; the active model is unchanged." });
        }
    }

    private static async Task<byte[]> ReadAsync(IFormFile file, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private PredictionRunStatus JobStatus()
    {
        var run = queue.Run;
        var now = clock.GetUtcNow().UtcDateTime;
        var elapsed = run.StartedAt is { } start ? ((run.FinishedAt ?? now) - start).TotalSeconds : 0;
        return new PredictionRunStatus(run.Busy, run.StartedAt is not null, run.Total, run.Done, run.Failed, run.RatePerSecond(now), elapsed, run.LastProblem);
    }
}
