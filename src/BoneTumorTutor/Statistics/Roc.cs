namespace BoneTumorTutor.Statistics;

/// <summary>Empirical ROC analysis of one score: the Mann–Whitney AUC and the ROC curve's points.</summary>
public static class Roc
{
    /// <summary>
    /// The empirical (trapezoidal) area under the ROC curve: the probability that a random positive case
    /// scores above a random negative one, a tie counting one half. Higher scores mean "more likely positive".
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ, a score is not finite, or a class is empty.</exception>
    public static double Auc(IReadOnlyList<bool> truth, IReadOnlyList<double> scores)
    {
        // Mann-Whitney form of the AUC (DeLong et al. 1988, theta-hat with psi(X, Y) = 1/2 for ties),
        // computed from midranks as in Sun & Xu (2014); see Placements.
        var (positives, negatives) = BinarySample.Split(truth, scores);
        BinarySample.RequireBothClasses(positives.Length, negatives.Length, 1, "An AUC");
        return Placements.Compute(positives, negatives).Auc;
    }

    /// <summary>
    /// The empirical ROC curve: one point per distinct score, calling a case positive when its score is at
    /// or above the threshold, from (0, 0) at threshold +∞ to (1, 1) at the lowest score. The trapezoids
    /// under these points add up to <see cref="Auc"/>. Note the first point's threshold is +∞.
    /// </summary>
    public static IReadOnlyList<RocPoint> Curve(IReadOnlyList<bool> truth, IReadOnlyList<double> scores)
    {
        // Empirical ROC curve (Hanley JA, McNeil BJ (1982) Radiology 143:29-36): the (FPF, TPF) pairs
        // TPF(c) = #{X_i >= c} / m, FPF(c) = #{Y_j >= c} / n at each observed threshold c, joined by
        // straight lines; the trapezoidal area under them is the Mann-Whitney statistic.
        var (positives, negatives) = BinarySample.Split(truth, scores);
        BinarySample.RequireBothClasses(positives.Length, negatives.Length, 1, "A ROC curve");
        Array.Sort(positives);
        Array.Sort(negatives);

        var points = new List<RocPoint> { new(0, 0, double.PositiveInfinity) };
        int p = positives.Length - 1, q = negatives.Length - 1;
        int truePositives = 0, falsePositives = 0;
        while (p >= 0 || q >= 0)
        {
            var threshold = Math.Max(p >= 0 ? positives[p] : double.NegativeInfinity, q >= 0 ? negatives[q] : double.NegativeInfinity);
            while (p >= 0 && positives[p] == threshold)
            {
                truePositives++;
                p--;
            }

            while (q >= 0 && negatives[q] == threshold)
            {
                falsePositives++;
                q--;
            }

            points.Add(new RocPoint((double)falsePositives / negatives.Length, (double)truePositives / positives.Length, threshold));
        }

        return points;
    }
}

/// <summary>One point of an empirical ROC curve: false- and true-positive fractions when scores ≥ threshold are called positive.</summary>
public readonly record struct RocPoint(double FalsePositiveFraction, double TruePositiveFraction, double Threshold)
{
    public double Sensitivity => TruePositiveFraction;

    public double Specificity => 1 - FalsePositiveFraction;
}
