using BoneTumorTutor.Accounts;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Progress;

/// <summary>A point of the learning curve: the accuracy of the answers in the window ending at answer <c>Number</c>.</summary>
public sealed record CurvePoint(int Number, DateTime AnsweredAt, int WindowSize, Proportion Accuracy);

/// <summary>The learner's ROC curve from their confidence, its AUC, and DeLong's interval when there are enough cases.</summary>
public sealed record RocSummary(IReadOnlyList<RocPoint> Points, double Auc, AucEstimate? Interval, string? NoIntervalReason);

/// <summary>Calibration of the learner's probabilities of osteosarcoma: Brier score and ten equal-width bins.</summary>
public sealed record CalibrationSummary(double BrierScore, IReadOnlyList<CalibrationBin> Bins);

/// <summary>Unaided against aided answers on the cases that have both, and how often the learner switched.</summary>
public sealed record AidedSummary(
    int Cases, Proportion? UnaidedAccuracy, Proportion? AidedAccuracy, int ModelRight, int SwitchedWhenModelRight, int ModelWrong, int SwitchedWhenModelWrong);

/// <summary>The learner against the model on the same cases (the learner's first answer per case).</summary>
public sealed record ModelComparison(
    string ModelName, int Cases, double? LearnerAuc, double? ModelAuc, AucComparison? Test, string? NoTestReason, Proportion? LearnerAccuracy, Proportion? ModelAccuracy);

/// <summary>The model's cached reading of a case: probability of osteosarcoma (0–1) and its call at the card's threshold.</summary>
public readonly record struct ModelReading(double ProbabilityOs, bool CallsOs);

/// <summary>Where the learner stands among anonymous peers' accuracies in the same band.</summary>
public sealed record PeerStanding(ExperienceBand Band, int Peers, double? PeerMedian, double? PercentBelowLearner, Proportion? LearnerAccuracyInBand);

/// <summary>Everything on a learner's progress page, computed from their committed answers only.</summary>
public sealed record ProgressReport(
    int Answered,
    DiagnosticAccuracy Counts,
    IReadOnlyList<CurvePoint> LearningCurve,
    int RollingWindow,
    RocSummary? Roc,
    string? NoRocReason,
    CalibrationSummary? Calibration,
    IReadOnlyList<ProgressAnswer> ConfidentMistakes,
    AidedSummary Aided,
    IReadOnlyDictionary<ExperienceBand, Proportion> AccuracyByBand);

/// <summary>Turns a learner's committed answers into the numbers of their progress page, with the statistics engine.</summary>
public static class LearnerProgress
{
    /// <summary>At most this many points are drawn on the learning curve; longer histories are thinned evenly (the last point always kept).</summary>
    public const int MaxCurvePoints = 250;

    public static ProgressReport Compute(IReadOnlyList<ProgressAnswer> answers, ProgressOptions options)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(options);
        var ordered = answers.OrderBy(a => a.AnsweredAt).ThenBy(a => a.AttemptId).ToList();
        var truth = ordered.Select(a => a.TruthIsOs).ToList();
        var counts = DiagnosticAccuracy.FromCalls(truth, ordered.Select(a => a.AnsweredOs).ToList());
        var scores = ordered.Select(a => (double)a.Confidence).ToList();

        RocSummary? roc = null;
        string? noRoc = null;
        if (counts.Positives == 0 || counts.Negatives == 0)
        {
            noRoc = "A ROC curve needs answers on both osteosarcoma and giant cell tumour cases; "
                + $"so far you have {counts.Positives} OS and {counts.Negatives} GCT.";
        }
        else
        {
            roc = RocFor(truth, scores, options.MinimumPerClassForAucInterval);
        }

        CalibrationSummary? calibration = null;
        if (ordered.Count > 0)
        {
            var probabilities = scores.Select(s => s / 100).ToList();
            calibration = new CalibrationSummary(Calibration.BrierScore(truth, probabilities), Calibration.Bins(truth, probabilities));
        }

        var confidentMistakes = ordered
            .Where(a => !a.IsCorrect && Math.Abs(a.Confidence - 50) >= options.ConfidentMistakeMargin)
            .OrderByDescending(a => Math.Abs(a.Confidence - 50))
            .ThenByDescending(a => a.AnsweredAt)
            .ToList();

        var byBand = ordered
            .GroupBy(a => a.Band)
            .OrderBy(g => g.Key)
            .ToDictionary(g => g.Key, g => new Proportion(g.Count(a => a.IsCorrect), g.Count()));

        return new ProgressReport(
            ordered.Count, counts, LearningCurve(ordered, options.RollingWindow), options.RollingWindow, roc, noRoc, calibration,
            confidentMistakes, Aided(ordered), byBand);
    }

    /// <summary>The ROC summary of one reader's scores; the DeLong interval only with enough cases of each class.</summary>
    public static RocSummary RocFor(IReadOnlyList<bool> truth, IReadOnlyList<double> scores, int minimumPerClass)
    {
        var positives = truth.Count(t => t);
        var negatives = truth.Count - positives;
        var auc = Roc.Auc(truth, scores);
        AucEstimate? interval = null;
        string? why = null;
        if (positives >= minimumPerClass && negatives >= minimumPerClass)
        {
            interval = DeLong.Analyze(truth, scores);
        }
        else
        {
            why = $"The 95% DeLong interval is given from {minimumPerClass} cases of each diagnosis; so far {positives} OS and {negatives} GCT.";
        }

        return new RocSummary(Roc.Curve(truth, scores), auc, interval, why);
    }

    /// <summary>Rolling accuracy over the last <paramref name="window"/> answers at each answer (fewer at the start), with Wilson intervals.</summary>
    public static IReadOnlyList<CurvePoint> LearningCurve(IReadOnlyList<ProgressAnswer> ordered, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var points = new List<CurvePoint>();
        var step = Math.Max(1, (int)Math.Ceiling(ordered.Count / (double)MaxCurvePoints));
        var correctInWindow = 0;
        for (var i = 0; i < ordered.Count; i++)
        {
            correctInWindow += ordered[i].IsCorrect ? 1 : 0;
            if (i >= window)
            {
                correctInWindow -= ordered[i - window].IsCorrect ? 1 : 0;
            }

            var number = i + 1;
            if (number % step == 0 || number == ordered.Count)
            {
                var size = Math.Min(window, number);
                points.Add(new CurvePoint(number, ordered[i].AnsweredAt, size, new Proportion(correctInWindow, size)));
            }
        }

        return points;
    }

    private static AidedSummary Aided(IReadOnlyList<ProgressAnswer> ordered)
    {
        var aided = ordered.Where(a => a.AidedAnsweredOs is not null).ToList();
        var withModel = aided.Where(a => a.ModelCalledOs is not null).ToList();
        return new AidedSummary(
            aided.Count,
            aided.Count == 0 ? null : new Proportion(aided.Count(a => a.IsCorrect), aided.Count),
            aided.Count == 0 ? null : new Proportion(aided.Count(a => a.AidedCorrect == true), aided.Count),
            withModel.Count(a => a.ModelCorrect == true),
            withModel.Count(a => a.ModelCorrect == true && a.Switched == true),
            withModel.Count(a => a.ModelCorrect == false),
            withModel.Count(a => a.ModelCorrect == false && a.Switched == true));
    }

    /// <summary>
    /// The learner's first answer on each case against the model's probability on the same cases: both AUCs and the
    /// paired DeLong test when there are at least two cases of each class.
    /// </summary>
    public static ModelComparison CompareWithModel(
        IReadOnlyList<ProgressAnswer> answers, string modelName, IReadOnlyDictionary<int, ModelReading> modelReadings)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(modelReadings);
        var paired = answers
            .GroupBy(a => a.CaseId)
            .Select(g => g.OrderBy(a => a.AnsweredAt).ThenBy(a => a.AttemptId).First())
            .Where(a => modelReadings.ContainsKey(a.CaseId))
            .OrderBy(a => a.CaseId)
            .ToList();
        if (paired.Count == 0)
        {
            return new ModelComparison(modelName, 0, null, null, null, "None of the cases you answered has a reading by this model yet.", null, null);
        }

        var truth = paired.Select(a => a.TruthIsOs).ToList();
        var learner = paired.Select(a => (double)a.Confidence).ToList();
        var model = paired.Select(a => modelReadings[a.CaseId].ProbabilityOs).ToList();
        var positives = truth.Count(t => t);
        var negatives = truth.Count - positives;
        var learnerAccuracy = new Proportion(paired.Count(a => a.IsCorrect), paired.Count);
        var modelAccuracy = new Proportion(paired.Count(a => modelReadings[a.CaseId].CallsOs == a.TruthIsOs), paired.Count);
        if (positives == 0 || negatives == 0)
        {
            return new ModelComparison(modelName, paired.Count, null, null, null,
                $"An AUC needs cases of both diagnoses; the shared cases are {positives} OS and {negatives} GCT.", learnerAccuracy, modelAccuracy);
        }

        var learnerAuc = Roc.Auc(truth, learner);
        var modelAuc = Roc.Auc(truth, model);
        if (positives < 2 || negatives < 2)
        {
            return new ModelComparison(modelName, paired.Count, learnerAuc, modelAuc, null,
                $"The paired DeLong test needs at least 2 cases of each diagnosis; the shared cases are {positives} OS and {negatives} GCT.", learnerAccuracy, modelAccuracy);
        }

        return new ModelComparison(modelName, paired.Count, learnerAuc, modelAuc, DeLong.PairedTest(truth, learner, model), null, learnerAccuracy, modelAccuracy);
    }

    /// <summary>
    /// The learner's standing among peers in a band: the median of peers' accuracies and the percentage of peers whose
    /// accuracy is below the learner's (ties count half). Peers are given as (answered, correct) pairs, the learner excluded.
    /// </summary>
    public static PeerStanding Standing(ExperienceBand band, Proportion? learner, IReadOnlyList<(int Answered, int Correct)> peers)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var accuracies = peers.Where(p => p.Answered > 0).Select(p => (double)p.Correct / p.Answered).Order().ToList();
        if (accuracies.Count == 0)
        {
            return new PeerStanding(band, 0, null, null, learner);
        }

        var median = accuracies.Count % 2 == 1
            ? accuracies[accuracies.Count / 2]
            : (accuracies[accuracies.Count / 2 - 1] + accuracies[accuracies.Count / 2]) / 2;
        double? below = null;
        if (learner is not null)
        {
            var mine = learner.Estimate;
            below = 100 * (accuracies.Count(a => a < mine) + 0.5 * accuracies.Count(a => a == mine)) / accuracies.Count;
        }

        return new PeerStanding(band, accuracies.Count, median, below, learner);
    }
}
