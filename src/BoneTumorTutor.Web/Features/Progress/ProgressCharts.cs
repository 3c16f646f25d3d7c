using System.Text.Json;
using BoneTumorTutor.Progress;

namespace BoneTumorTutor.Web.Features.Progress;

/// <summary>The chart data of a progress page as JSON for wwwroot/js/progress.js (read from data-chart attributes; no inline script).</summary>
public static class ProgressCharts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string LearningCurve(LearnerProgressPage page)
    {
        var curve = page.Report.LearningCurve;
        return JsonSerializer.Serialize(new
        {
            kind = "curve",
            x = curve.Select(p => p.Number),
            y = curve.Select(p => Round(p.Accuracy.Estimate)),
            lower = curve.Select(p => Round(p.Accuracy.Ci95.Lower)),
            upper = curve.Select(p => Round(p.Accuracy.Ci95.Upper)),
            references = new[]
            {
                new { label = $"Expected for your band ({page.BandDescription})", value = page.ExpectedAccuracy },
                new { label = "Study: junior readers", value = StudyReference.JuniorAccuracy },
                new { label = "Study: intermediate readers", value = StudyReference.IntermediateAccuracy },
                new { label = "Study: senior readers", value = StudyReference.SeniorAccuracy },
                new { label = "Study: model alone", value = StudyReference.ModelAccuracy },
                new { label = "Study: juniors aided by the model", value = StudyReference.AidedJuniorAccuracy },
            },
        }, Json);
    }

    public static string Roc(RocSummary roc) => JsonSerializer.Serialize(new
    {
        kind = "roc",
        fpf = roc.Points.Select(p => Round(p.FalsePositiveFraction)),
        tpf = roc.Points.Select(p => Round(p.TruePositiveFraction)),
        auc = Round(roc.Auc),
    }, Json);

    public static string Calibration(CalibrationSummary calibration) => JsonSerializer.Serialize(new
    {
        kind = "calibration",
        predicted = calibration.Bins.Where(b => b.Count > 0).Select(b => Round(b.MeanPredicted!.Value)),
        observed = calibration.Bins.Where(b => b.Count > 0).Select(b => Round(b.ObservedRate!.Value)),
        counts = calibration.Bins.Where(b => b.Count > 0).Select(b => b.Count),
    }, Json);

    private static double Round(double value) => Math.Round(value, 4);
}
