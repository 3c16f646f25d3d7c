namespace BoneTumorTutor.Statistics;

/// <summary>A 2×2 table of binary calls against truth, with sensitivity, specificity and accuracy as Wilson-interval proportions.</summary>
public sealed record DiagnosticAccuracy(int TruePositives, int FalsePositives, int TrueNegatives, int FalseNegatives)
{
    public int Positives => TruePositives + FalseNegatives;

    public int Negatives => TrueNegatives + FalsePositives;

    public int Total => Positives + Negatives;

    /// <summary>TP / (TP + FN); null when there is no positive case.</summary>
    public Proportion? Sensitivity => Positives == 0 ? null : new Proportion(TruePositives, Positives);

    /// <summary>TN / (TN + FP); null when there is no negative case.</summary>
    public Proportion? Specificity => Negatives == 0 ? null : new Proportion(TrueNegatives, Negatives);

    /// <summary>(TP + TN) / all; null when there is no case.</summary>
    public Proportion? Accuracy => Total == 0 ? null : new Proportion(TruePositives + TrueNegatives, Total);

    /// <summary>Tallies binary calls against truth (true = positive, e.g. osteosarcoma).</summary>
    public static DiagnosticAccuracy FromCalls(IReadOnlyList<bool> truth, IReadOnlyList<bool> calls)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(calls);
        if (truth.Count != calls.Count)
        {
            throw new ArgumentException($"There are {truth.Count} truth values but {calls.Count} calls; each case needs exactly one of each.", nameof(calls));
        }

        // Sensitivity and specificity as defined by Yerushalmy J (1947) Public Health Rep 62:1432-1449;
        // their intervals are Wilson's (see Wilson.Interval).
        int tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            switch (truth[i], calls[i])
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (false, false): tn++; break;
                case (true, false): fn++; break;
            }
        }

        return new DiagnosticAccuracy(tp, fp, tn, fn);
    }

    /// <summary>Tallies the calls "positive when score ≥ threshold" against truth.</summary>
    public static DiagnosticAccuracy AtThreshold(IReadOnlyList<bool> truth, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scores);
        BinarySample.Split(truth, scores);
        return FromCalls(truth, [.. scores.Select(s => s >= threshold)]);
    }
}
