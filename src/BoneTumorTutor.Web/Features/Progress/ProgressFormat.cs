using System.Globalization;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Web.Features.Progress;

/// <summary>How progress numbers are written on pages: percentages to one decimal, AUCs to three, intervals in brackets.</summary>
public static class ProgressFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Percent(double value) => (value * 100).ToString("0.0", Invariant) + "%";

    public static string Percent(Proportion? p) => p is null ? "—" : Percent(p.Estimate);

    /// <summary>"72.4% (95% CI 65.1–78.6%), 80 of 110".</summary>
    public static string WithInterval(Proportion? p) => p is null
        ? "no answers yet"
        : $"{Percent(p.Estimate)} (95% CI {Percent(p.Ci95.Lower)}–{Percent(p.Ci95.Upper)}), {p.Successes} of {p.Trials}";

    public static string Interval(ConfidenceInterval ci) => $"{Percent(ci.Lower)}–{Percent(ci.Upper)}";

    public static string Auc(double value) => value.ToString("0.000", Invariant);

    public static string AucInterval(ConfidenceInterval ci) => $"{Auc(ci.Lower)}–{Auc(ci.Upper)}";

    public static string Number(double value, string format = "0.000") => value.ToString(format, Invariant);

    public static string P(double p) => p < 0.001 ? "< 0.001" : p.ToString("0.000", Invariant);
}
