using System.Globalization;
using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Studies;

/// <summary>A reader as the analysis sees them: a stable label (R01…), their name for the director, and their band.</summary>
public sealed record AnalysisReader(string Label, string Name, ExperienceBand Band, int ExperienceYears);

/// <summary>A case as the analysis sees it: a stable label (C001…), its truth and the locked model's output.</summary>
public sealed record AnalysisCase(string Label, int Number, Diagnosis Truth, double? ModelProbability, Diagnosis? ModelCall)
{
    public bool IsOsteosarcoma => Truth == Diagnosis.Osteosarcoma;
}

/// <summary>One reader's committed ratings of one case (null where not given).</summary>
public sealed record AnalysisRead(string Reader, string Case, int? Unaided, Diagnosis? UnaidedCall, int? Aided, Diagnosis? AidedCall);

/// <summary>A study's design, readers, cases and reads: everything the analysis needs, with no database types.</summary>
public sealed record StudyData(string Name, StudyDesign Design, IReadOnlyList<AnalysisReader> Readers, IReadOnlyList<AnalysisCase> Cases, IReadOnlyList<AnalysisRead> Reads);

/// <summary>AUC from the 0–100 ratings and the 2×2 table of the diagnoses given.</summary>
public sealed record ReaderMetrics(double Auc, DiagnosticAccuracy Calls);

public sealed record ReaderResult(
    AnalysisReader Reader, ReaderMetrics Unaided, ReaderMetrics? Aided, AucComparison? AidedMinusUnaided, AucComparison? ModelMinusUnaided, AucComparison? ModelMinusAided);

/// <summary>A reader left out of the fully crossed analysis, and why.</summary>
public sealed record LeftOutReader(AnalysisReader Reader, string Reason);

/// <summary>A DeLong contrast (e.g. model AUC minus the reader-averaged AUC) with its standard error, Z, p and interval.</summary>
public sealed record ContrastTest(double Difference, double StandardError, double Z, double P, ConfidenceInterval Ci);

public sealed record ModelResult(AucEstimate Auc, DiagnosticAccuracy Calls, ContrastTest VersusUnaidedAverage, ContrastTest? VersusAidedAverage);

/// <summary>ORH analysis of one group of readers (all, or one experience band); Result is null with a reason when it cannot run.</summary>
public sealed record GroupMrmc(string Group, int Readers, double UnaidedAuc, double? AidedAuc, MrmcResult? Result, string? Problem);

/// <summary>
/// Automation bias: of the reads where the reader's unaided call disagreed with the model, how often the aided call
/// switched to the model's, split by whether the model was right.
/// </summary>
public sealed record AutomationBiasRow(string Group, int ModelRightDisagreements, int ModelRightSwitches, int ModelWrongDisagreements, int ModelWrongSwitches)
{
    public Proportion? SwitchWhenRight => ModelRightDisagreements == 0 ? null : new Proportion(ModelRightSwitches, ModelRightDisagreements);

    public Proportion? SwitchWhenWrong => ModelWrongDisagreements == 0 ? null : new Proportion(ModelWrongSwitches, ModelWrongDisagreements);
}

/// <summary>The whole analysis of a reader study.</summary>
public sealed record StudyResults(
    StudyDesign Design,
    int Cases,
    int Positives,
    int Negatives,
    IReadOnlyList<ReaderResult> Readers,
    IReadOnlyList<LeftOutReader> LeftOut,
    GroupMrmc? Overall,
    IReadOnlyList<GroupMrmc> Bands,
    ModelResult? Model,
    IReadOnlyList<AutomationBiasRow> AutomationBias,
    IReadOnlyList<string> Summary,
    string? Problem);

/// <summary>
/// Analyses a reader study on its fully crossed subset: per-reader AUC, accuracy, sensitivity and specificity
/// unaided and aided; ORH (Obuchowski–Rockette with Hillis df) overall and per band; the model against readers
/// (paired DeLong); automation bias; and summary sentences.
/// </summary>
public static class StudyAnalysis
{
    public const string AidedModality = "aided";
    public const string UnaidedModality = "unaided";

    /// <summary>The readers who rated every case in every modality of the design, and the others with the reason.</summary>
    public static (IReadOnlyList<AnalysisReader> Complete, IReadOnlyList<LeftOutReader> LeftOut) Crossed(StudyData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sequential = data.Design == StudyDesign.Sequential;
        var byReader = data.Reads.GroupBy(r => r.Reader).ToDictionary(g => g.Key, g => g.ToList());
        var complete = new List<AnalysisReader>();
        var left = new List<LeftOutReader>();
        foreach (var reader in data.Readers)
        {
            var reads = byReader.GetValueOrDefault(reader.Label) ?? [];
            var unaided = reads.Count(r => r.Unaided is not null);
            var aided = reads.Count(r => r.Aided is not null);
            if (unaided == data.Cases.Count && (!sequential || aided == data.Cases.Count))
            {
                complete.Add(reader);
            }
            else if (unaided == 0)
            {
                left.Add(new(reader, "did not read any case"));
            }
            else
            {
                left.Add(new(reader, sequential
                    ? $"did not finish: {unaided} of {data.Cases.Count} cases read unaided and {aided} aided"
                    : $"did not finish: {unaided} of {data.Cases.Count} cases read"));
            }
        }

        return (complete, left);
    }

    /// <summary>
    /// The ratings of the fully crossed readers as MRMC records: the aided modality first, so that every reported
    /// difference is aided − unaided (the export writes them in this same order).
    /// </summary>
    public static IReadOnlyList<MrmcRating> Ratings(StudyData data, IReadOnlyCollection<AnalysisReader> readers)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(readers);
        var included = readers.Select(r => r.Label).ToHashSet();
        var truth = data.Cases.ToDictionary(c => c.Label, c => c.IsOsteosarcoma);
        var order = data.Cases.Select((c, i) => (c.Label, i)).ToDictionary(x => x.Label, x => x.i);
        var readerOrder = readers.Select((r, i) => (r.Label, i)).ToDictionary(x => x.Label, x => x.i);
        var reads = data.Reads.Where(r => included.Contains(r.Reader)).OrderBy(r => readerOrder[r.Reader]).ThenBy(r => order[r.Case]).ToList();
        var ratings = new List<MrmcRating>();
        if (data.Design == StudyDesign.Sequential)
        {
            ratings.AddRange(reads.Where(r => r.Aided is not null).Select(r => new MrmcRating(AidedModality, r.Reader, r.Case, truth[r.Case], r.Aided!.Value)));
        }

        ratings.AddRange(reads.Where(r => r.Unaided is not null).Select(r => new MrmcRating(UnaidedModality, r.Reader, r.Case, truth[r.Case], r.Unaided!.Value)));
        return ratings;
    }

    public static StudyResults Analyze(StudyData data, ExperienceOptions bands)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(bands);
        var sequential = data.Design == StudyDesign.Sequential;
        var truth = data.Cases.Select(c => c.IsOsteosarcoma).ToList();
        var positives = truth.Count(t => t);
        var negatives = truth.Count - positives;
        var (complete, leftOut) = Crossed(data);
        if (positives < 2 || negatives < 2)
        {
            return Empty($"The case set has {positives} osteosarcoma and {negatives} giant cell tumour cases; the analysis needs at least 2 of each.");
        }

        if (complete.Count == 0)
        {
            return Empty("No reader has finished the study yet, so there is nothing to analyse.");
        }

        var caseIndex = data.Cases.Select((c, i) => (c.Label, i)).ToDictionary(x => x.Label, x => x.i);
        var grid = data.Reads.GroupBy(r => r.Reader).ToDictionary(g => g.Key, g =>
        {
            var rows = new AnalysisRead[data.Cases.Count];
            foreach (var r in g)
            {
                rows[caseIndex[r.Case]] = r;
            }

            return rows;
        });

        var model = sequential && data.Cases.All(c => c.ModelProbability is not null && c.ModelCall is not null)
            ? data.Cases.Select(c => c.ModelProbability!.Value).ToList()
            : null;
        var readerResults = new List<ReaderResult>();
        foreach (var reader in complete)
        {
            var rows = grid[reader.Label];
            var unaided = rows.Select(r => (double)r.Unaided!.Value).ToList();
            var unaidedMetrics = new ReaderMetrics(Roc.Auc(truth, unaided), DiagnosticAccuracy.FromCalls(truth, [.. rows.Select(r => r.UnaidedCall == Diagnosis.Osteosarcoma)]));
            ReaderMetrics? aidedMetrics = null;
            AucComparison? change = null, modelVsAided = null;
            if (sequential)
            {
                var aided = rows.Select(r => (double)r.Aided!.Value).ToList();
                aidedMetrics = new ReaderMetrics(Roc.Auc(truth, aided), DiagnosticAccuracy.FromCalls(truth, [.. rows.Select(r => r.AidedCall == Diagnosis.Osteosarcoma)]));
                change = DeLong.PairedTest(truth, aided, unaided);
                modelVsAided = model is null ? null : DeLong.PairedTest(truth, model, aided);
            }

            var modelVsUnaided = model is null ? null : DeLong.PairedTest(truth, model, unaided);
            readerResults.Add(new ReaderResult(reader, unaidedMetrics, aidedMetrics, change, modelVsUnaided, modelVsAided));
        }

        var overall = Group("All readers", data, complete, readerResults);
        var bandGroups = Enum.GetValues<ExperienceBand>()
            .Select(b => (Band: b, Readers: complete.Where(r => r.Band == b).ToList()))
            .Where(g => g.Readers.Count > 0)
            .Select(g => Group(bands.Describe(g.Band), data, g.Readers, readerResults))
            .ToList();

        ModelResult? modelResult = null;
        if (model is not null)
        {
            var calls = DiagnosticAccuracy.FromCalls(truth, [.. data.Cases.Select(c => c.ModelCall == Diagnosis.Osteosarcoma)]);
            var unaidedScores = readerResults.Select(r => (IReadOnlyList<double>)grid[r.Reader.Label].Select(x => (double)x.Unaided!.Value).ToList()).ToList();
            var aidedScores = sequential ? readerResults.Select(r => (IReadOnlyList<double>)grid[r.Reader.Label].Select(x => (double)x.Aided!.Value).ToList()).ToList() : null;
            modelResult = new ModelResult(DeLong.Analyze(truth, model), calls, VersusAverage(truth, model, unaidedScores), aidedScores is null ? null : VersusAverage(truth, model, aidedScores));
        }

        var bias = new List<AutomationBiasRow>();
        if (sequential && model is not null)
        {
            bias.Add(Bias("All readers", complete, grid, data.Cases));
            foreach (var b in Enum.GetValues<ExperienceBand>())
            {
                var inBand = complete.Where(r => r.Band == b).ToList();
                if (inBand.Count > 0)
                {
                    bias.Add(Bias(bands.Describe(b), inBand, grid, data.Cases));
                }
            }
        }

        var results = new StudyResults(data.Design, data.Cases.Count, positives, negatives, readerResults, leftOut, overall, bandGroups, modelResult, bias, [], null);
        return results with { Summary = Summarize(results) };

        StudyResults Empty(string problem) =>
            new(data.Design, data.Cases.Count, positives, negatives, [], leftOut, null, [], null, [], [problem], problem);
    }

    private static GroupMrmc Group(string name, StudyData data, IReadOnlyList<AnalysisReader> readers, IReadOnlyList<ReaderResult> results)
    {
        var labels = readers.Select(r => r.Label).ToHashSet();
        var mine = results.Where(r => labels.Contains(r.Reader.Label)).ToList();
        var unaided = mine.Average(r => r.Unaided.Auc);
        double? aided = data.Design == StudyDesign.Sequential ? mine.Average(r => r.Aided!.Auc) : null;
        if (data.Design != StudyDesign.Sequential)
        {
            return new GroupMrmc(name, readers.Count, unaided, null, null, "An unaided-only study has one modality; the ORH comparison needs two.");
        }

        if (readers.Count < 2)
        {
            return new GroupMrmc(name, readers.Count, unaided, aided, null, "Only one reader finished in this group; the ORH analysis needs at least two.");
        }

        try
        {
            return new GroupMrmc(name, readers.Count, unaided, aided, Mrmc.Analyze(Ratings(data, readers)), null);
        }
        catch (MrmcInputException e)
        {
            return new GroupMrmc(name, readers.Count, unaided, aided, null, e.Message);
        }
    }

    // The model's AUC minus the readers' mean AUC as one DeLong contrast over the joint covariance matrix of all
    // the AUCs on the same cases: weights (1, −1/R, …, −1/R) (DeLong, DeLong & Clarke-Pearson 1988, Biometrics 44:837).
    private static ContrastTest VersusAverage(IReadOnlyList<bool> truth, IReadOnlyList<double> model, IReadOnlyList<IReadOnlyList<double>> readers)
    {
        var covariance = DeLong.Covariance(truth, [model, .. readers]);
        var weights = new double[readers.Count + 1];
        weights[0] = 1;
        for (var i = 1; i < weights.Length; i++)
        {
            weights[i] = -1.0 / readers.Count;
        }

        var difference = covariance.Aucs.Select((a, i) => a * weights[i]).Sum();
        var se = Math.Sqrt(covariance.ContrastVariance(weights));
        var z = se > 0 ? difference / se : double.NaN;
        var margin = Distributions.NormalCritical(0.95) * se;
        return new ContrastTest(difference, se, z, Distributions.NormalTwoSidedP(z), new ConfidenceInterval(difference - margin, difference + margin));
    }

    private static AutomationBiasRow Bias(string name, IReadOnlyList<AnalysisReader> readers, Dictionary<string, AnalysisRead[]> grid, IReadOnlyList<AnalysisCase> cases)
    {
        int rightDis = 0, rightSwitch = 0, wrongDis = 0, wrongSwitch = 0;
        foreach (var reader in readers)
        {
            var rows = grid[reader.Label];
            for (var i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                var r = rows[i];
                if (r.UnaidedCall == c.ModelCall)
                {
                    continue;
                }

                var switched = r.AidedCall == c.ModelCall;
                if (c.ModelCall == c.Truth)
                {
                    rightDis++;
                    rightSwitch += switched ? 1 : 0;
                }
                else
                {
                    wrongDis++;
                    wrongSwitch += switched ? 1 : 0;
                }
            }
        }

        return new AutomationBiasRow(name, rightDis, rightSwitch, wrongDis, wrongSwitch);
    }

    private static List<string> Summarize(StudyResults r)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>();
        var left = r.LeftOut.Count == 0 ? "" : string.Create(c, $" {r.LeftOut.Count} assigned reader(s) did not finish and are left out.");
        lines.Add(string.Create(c, $"{r.Readers.Count} reader(s) read all {r.Cases} cases ({r.Positives} osteosarcoma, {r.Negatives} giant cell tumour).{left}"));
        if (r.Overall is { } o)
        {
            if (o.AidedAuc is { } aided)
            {
                var line = string.Create(c, $"The reader-averaged AUC was {o.UnaidedAuc:0.000} unaided and {aided:0.000} with the model's help (difference {aided - o.UnaidedAuc:+0.000;−0.000;0.000}");
                if (o.Result is { } m && double.IsFinite(m.RandomReadersRandomCases.P))
                {
                    var t = m.RandomReadersRandomCases;
                    line += string.Create(c, $", 95% CI {t.Ci.Lower:0.000} to {t.Ci.Upper:0.000}, p = {FormatP(t.P)}; Obuchowski–Rockette–Hillis analysis, random readers and cases). ");
                    line += t.P < 0.05
                        ? (aided > o.UnaidedAuc ? "The improvement is statistically significant and generalises to other readers and cases." : "The decline is statistically significant.")
                        : "The difference is not statistically significant for readers and cases beyond this study.";
                }
                else
                {
                    line += string.Create(c, $"); {o.Problem ?? "the ORH test is undefined for these data"}");
                }

                lines.Add(line);
            }
            else
            {
                lines.Add(string.Create(c, $"The reader-averaged AUC was {o.UnaidedAuc:0.000}."));
            }
        }

        var gains = r.Bands.Where(b => b.AidedAuc is not null).Select(b => (b.Group, Gain: b.AidedAuc!.Value - b.UnaidedAuc)).OrderByDescending(g => g.Gain).ToList();
        if (gains.Count > 1)
        {
            lines.Add(string.Create(c, $"The largest change in reader-averaged AUC was among {gains[0].Group.ToLowerInvariant()} readers ({gains[0].Gain:+0.000;−0.000;0.000}); the smallest among {gains[^1].Group.ToLowerInvariant()} readers ({gains[^1].Gain:+0.000;−0.000;0.000})."));
        }

        if (r.Model is { } model)
        {
            var v = model.VersusUnaidedAverage;
            lines.Add(string.Create(c, $"The model alone had an AUC of {model.Auc.Auc:0.000} (95% CI {model.Auc.Ci.Lower:0.000} to {model.Auc.Ci.Upper:0.000}) and an accuracy of {model.Calls.Accuracy!.Estimate:0.0%}; ")
                + (v.P < 0.05
                    ? string.Create(c, $"this is {(v.Difference > 0 ? "significantly higher" : "significantly lower")} than the unaided reader average (difference {v.Difference:+0.000;−0.000}, p = {FormatP(v.P)}, paired DeLong).")
                    : string.Create(c, $"it is not significantly different from the unaided reader average (difference {v.Difference:+0.000;−0.000;0.000}, p = {FormatP(v.P)}, paired DeLong).")));
            var beats = r.Readers.Count(x => x.ModelMinusUnaided is { } t && t.Difference > 0);
            lines.Add(string.Create(c, $"The model's AUC was higher than {beats} of {r.Readers.Count} readers' unaided AUCs."));
        }

        if (r.AutomationBias.FirstOrDefault() is { } bias)
        {
            var right = bias.SwitchWhenRight;
            var wrong = bias.SwitchWhenWrong;
            lines.Add(string.Create(c, $"When a reader's first call disagreed with the model, they switched to the model's call in ")
                + (right is null ? "no case where the model was right (no such disagreement)" : string.Create(c, $"{right.Successes} of {right.Trials} ({right.Estimate:0%}) cases where the model was right"))
                + " and in "
                + (wrong is null ? "no case where it was wrong (no such disagreement)." : string.Create(c, $"{wrong.Successes} of {wrong.Trials} ({wrong.Estimate:0%}) cases where it was wrong."))
                + (wrong is { Successes: > 0 } ? " Switches to a wrong model call are automation bias." : ""));
        }

        lines.Add("Figures are from this study's readers and cases only; the model is an educational aid, not for clinical use.");
        return lines;
    }

    public static string FormatP(double p) => double.IsNaN(p) ? "n/a" : p < 0.001 ? "< 0.001" : p.ToString("0.000", CultureInfo.InvariantCulture);
}
