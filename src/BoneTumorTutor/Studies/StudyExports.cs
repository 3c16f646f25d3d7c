using System.Globalization;
using System.Text;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Studies;

/// <summary>A study's ratings and results as files, so the analysis can be re-checked in iMRMC, RJafroc or `btt stats mrmc`.</summary>
public static class StudyExports
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// The fully crossed ratings as `modality,reader,case,truth,rating` (truth 1 = osteosarcoma), aided rows first — the
    /// order the results page analyses them in, so `btt stats mrmc` reports the same aided − unaided difference.
    /// </summary>
    public static string RatingsCsv(StudyData data)
    {
        var (complete, _) = StudyAnalysis.Crossed(data);
        var sb = new StringBuilder("modality,reader,case,truth,rating\n");
        foreach (var r in StudyAnalysis.Ratings(data, complete))
        {
            sb.Append(C, $"{r.Modality},{r.Reader},{r.Case},{(r.IsPositive ? 1 : 0)},{r.Rating}\n");
        }

        return sb.ToString();
    }

    /// <summary>
    /// iMRMC's input format (Gallas et al., FDA DIDSR iMRMC user manual): a free-text description, NR/N0/N1/NM, then
    /// after "BEGIN DATA:" one truth row per case (reader -1, modality 0) and one row per reader, case and modality.
    /// Cases are numbered 1..K (RJafroc needs integer case ids); readers and modalities keep their labels.
    /// </summary>
    public static string Imrmc(StudyData data)
    {
        var (complete, _) = StudyAnalysis.Crossed(data);
        var ratings = StudyAnalysis.Ratings(data, complete);
        var numbers = data.Cases.ToDictionary(c => c.Label, c => c.Number);
        var modalities = ratings.Select(r => r.Modality).Distinct().ToList();
        var sb = new StringBuilder();
        sb.Append(C, $"BoneTumorTutor reader study: {data.Name.ReplaceLineEndings(" ")}\n");
        sb.Append("Truth 1 = osteosarcoma, 0 = giant cell tumour of bone; scores are probabilities of osteosarcoma (0-100).\n");
        sb.Append(C, $"Modalities: {string.Join(", ", modalities)}. Readers who did not finish are left out.\n\n");
        sb.Append(C, $"NR: {complete.Count}\n");
        sb.Append(C, $"N0: {data.Cases.Count(c => !c.IsOsteosarcoma)}\n");
        sb.Append(C, $"N1: {data.Cases.Count(c => c.IsOsteosarcoma)}\n");
        sb.Append(C, $"NM: {modalities.Count}\n\n");
        sb.Append("BEGIN DATA:\n");
        foreach (var c in data.Cases)
        {
            sb.Append(C, $"-1,{c.Number},0,{(c.IsOsteosarcoma ? 1 : 0)}\n");
        }

        foreach (var r in ratings)
        {
            sb.Append(C, $"{r.Reader},{numbers[r.Case]},{r.Modality},{r.Rating}\n");
        }

        return sb.ToString();
    }

    /// <summary>The results page as one CSV: a row per figure (section, group, measure, estimate, CI, p).</summary>
    public static string ResultsCsv(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var sb = new StringBuilder("section,group,measure,estimate,ci_lower,ci_upper,p\n");
        void Row(string section, string group, string measure, double estimate, ConfidenceInterval? ci = null, double? p = null) =>
            sb.Append(C, $"{section},{Quote(group)},{measure},{N(estimate)},{(ci is { } i ? N(i.Lower) : "")},{(ci is { } j ? N(j.Upper) : "")},{(p is { } q ? N(q) : "")}\n");
        void Calls(string section, string group, string prefix, DiagnosticAccuracy calls)
        {
            if (calls.Accuracy is { } a) { Row(section, group, prefix + "accuracy", a.Estimate, a.Ci95); }
            if (calls.Sensitivity is { } s) { Row(section, group, prefix + "sensitivity", s.Estimate, s.Ci95); }
            if (calls.Specificity is { } t) { Row(section, group, prefix + "specificity", t.Estimate, t.Ci95); }
        }

        foreach (var r in results.Readers)
        {
            var who = $"{r.Reader.Label} {r.Reader.Name}";
            Row("reader", who, "unaided_auc", r.Unaided.Auc);
            Calls("reader", who, "unaided_", r.Unaided.Calls);
            if (r.Aided is { } aided)
            {
                Row("reader", who, "aided_auc", aided.Auc);
                Calls("reader", who, "aided_", aided.Calls);
            }

            if (r.AidedMinusUnaided is { } d) { Row("reader", who, "auc_aided_minus_unaided_delong", d.Difference, d.DifferenceCi, d.P); }
            if (r.ModelMinusUnaided is { } m) { Row("reader", who, "auc_model_minus_unaided_delong", m.Difference, m.DifferenceCi, m.P); }
            if (r.ModelMinusAided is { } n) { Row("reader", who, "auc_model_minus_aided_delong", n.Difference, n.DifferenceCi, n.P); }
        }

        foreach (var g in (results.Overall is null ? [] : new[] { results.Overall }).Concat(results.Bands))
        {
            Row("orh", g.Group, "readers", g.Readers);
            Row("orh", g.Group, "mean_auc_unaided", g.UnaidedAuc, g.Result?.Modalities.Single(m => m.Id == StudyAnalysis.UnaidedModality).RandomReadersRandomCases.Ci);
            if (g.AidedAuc is { } aided)
            {
                Row("orh", g.Group, "mean_auc_aided", aided, g.Result?.Modalities.Single(m => m.Id == StudyAnalysis.AidedModality).RandomReadersRandomCases.Ci);
            }

            if (g.Result is { } m)
            {
                Row("orh", g.Group, "difference_aided_minus_unaided_rrrc", m.Difference.Estimate, m.RandomReadersRandomCases.Ci, m.RandomReadersRandomCases.P);
                Row("orh", g.Group, "difference_aided_minus_unaided_frrc", m.Difference.Estimate, m.FixedReadersRandomCases.Ci, m.FixedReadersRandomCases.P);
                Row("orh", g.Group, "difference_aided_minus_unaided_rrfc", m.Difference.Estimate, m.RandomReadersFixedCases.Ci, m.RandomReadersFixedCases.P);
            }
        }

        if (results.Model is { } model)
        {
            Row("model", "model", "auc", model.Auc.Auc, model.Auc.Ci);
            Calls("model", "model", "", model.Calls);
            Row("model", "model", "auc_minus_unaided_reader_mean_delong", model.VersusUnaidedAverage.Difference, model.VersusUnaidedAverage.Ci, model.VersusUnaidedAverage.P);
            if (model.VersusAidedAverage is { } v)
            {
                Row("model", "model", "auc_minus_aided_reader_mean_delong", v.Difference, v.Ci, v.P);
            }
        }

        foreach (var b in results.AutomationBias)
        {
            if (b.SwitchWhenRight is { } right) { Row("automation_bias", b.Group, "switch_to_model_when_right", right.Estimate, right.Ci95); }
            if (b.SwitchWhenWrong is { } wrong) { Row("automation_bias", b.Group, "switch_to_model_when_wrong", wrong.Estimate, wrong.Ci95); }
        }

        foreach (var l in results.LeftOut)
        {
            sb.Append(C, $"left_out,{Quote($"{l.Reader.Label} {l.Reader.Name}")},{Quote(l.Reason)},,,,\n");
        }

        return sb.ToString();
    }

    private static string N(double value) => double.IsFinite(value) ? value.ToString("R", C) : "";

    private static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 || (text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal))
            ? "\"" + (("=+-@".Contains(text[0], StringComparison.Ordinal) ? "'" : "") + text).Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : text;
}
