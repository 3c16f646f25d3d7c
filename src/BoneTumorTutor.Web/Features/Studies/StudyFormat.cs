using System.Globalization;
using System.Text.Json;
using BoneTumorTutor.Statistics;
using BoneTumorTutor.Studies;

namespace BoneTumorTutor.Web.Features.Studies;

/// <summary>Numbers on the results page: fixed decimals, a dash for undefined statistics, p as the CLI prints it.</summary>
public static class StudyFormat
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string F(double value, int decimals = 3) => double.IsFinite(value) ? value.ToString("F" + decimals.ToString(C), C) : "—";

    public static string F(double? value, int decimals = 3) => value is { } v ? F(v, decimals) : "—";

    public static string Ci(ConfidenceInterval ci, int decimals = 3) => $"{F(ci.Lower, decimals)} to {F(ci.Upper, decimals)}";

    public static string P(double p) => StudyAnalysis.FormatP(p);

    public static string Pct(Proportion? p) => p is null ? "—" : $"{p.Estimate.ToString("0.0%", C)} ({p.Successes}/{p.Trials})";

    /// <summary>The forest plot's data for studies.js: per-reader aided − unaided AUC with DeLong intervals, then the ORH mean.</summary>
    public static string ForestJson(StudyResults results)
    {
        var rows = results.Readers.Where(r => r.AidedMinusUnaided is not null)
            .Select(r => new { label = $"{r.Reader.Label} {r.Reader.Name}", estimate = r.AidedMinusUnaided!.Difference, lower = r.AidedMinusUnaided.DifferenceCi.Lower, upper = r.AidedMinusUnaided.DifferenceCi.Upper, mean = false })
            .ToList();
        if (results.Overall?.Result is { } m && double.IsFinite(m.RandomReadersRandomCases.Ci.Lower))
        {
            rows.Add(new { label = "Reader average (ORH)", estimate = m.Difference.Estimate, lower = m.RandomReadersRandomCases.Ci.Lower, upper = m.RandomReadersRandomCases.Ci.Upper, mean = true });
        }

        return JsonSerializer.Serialize(rows);
    }
}
