namespace BoneTumorTutor.Statistics;

/// <summary>DeLong's nonparametric variance, confidence interval and tests for empirical AUCs (fast midrank form).</summary>
public static class DeLong
{
    /// <summary>
    /// The AUC of one score with its DeLong variance and confidence interval AUC ± z·√var, clipped to [0, 1]
    /// as pROC does. Needs at least two cases of each class.
    /// </summary>
    public static AucEstimate Analyze(IReadOnlyList<bool> truth, IReadOnlyList<double> scores, double confidenceLevel = 0.95)
    {
        var covariance = Covariance(truth, [scores]);
        return covariance.Estimate(0, confidenceLevel);
    }

    /// <summary>
    /// AUCs of several scores measured on the same cases and the DeLong covariance matrix of those AUCs,
    /// for contrasts beyond a pairwise test (e.g. a model against the average of several readers).
    /// </summary>
    public static AucCovariance Covariance(IReadOnlyList<bool> truth, IReadOnlyList<IReadOnlyList<double>> scores)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count == 0)
        {
            throw new ArgumentException("At least one score is needed.", nameof(scores));
        }

        var placements = new Placements[scores.Count];
        for (var r = 0; r < scores.Count; r++)
        {
            var (positives, negatives) = BinarySample.Split(truth, scores[r], scores.Count == 1 ? "scores" : $"scores[{r}]");
            BinarySample.RequireBothClasses(positives.Length, negatives.Length, 2, "A DeLong variance");
            placements[r] = Placements.Compute(positives, negatives);
        }

        // DeLong, DeLong & Clarke-Pearson (1988) Biometrics 44:837-845, the covariance estimate:
        //     S10[r,s] = sum_i (V10_r(X_i) - AUC_r)(V10_s(X_i) - AUC_s) / (m - 1)
        //     S01[r,s] = sum_j (V01_r(Y_j) - AUC_r)(V01_s(Y_j) - AUC_s) / (n - 1)
        //     S        = S10 / m + S01 / n
        // (Sun & Xu 2014 change only how V10 and V01 are computed, not S.)
        var k = scores.Count;
        var m = placements[0].V10.Length;
        var n = placements[0].V01.Length;
        var matrix = new double[k, k];
        for (var r = 0; r < k; r++)
        {
            for (var s = r; s < k; s++)
            {
                var s10 = CrossProduct(placements[r].V10, placements[r].Auc, placements[s].V10, placements[s].Auc) / (m - 1);
                var s01 = CrossProduct(placements[r].V01, placements[r].Auc, placements[s].V01, placements[s].Auc) / (n - 1);
                matrix[r, s] = matrix[s, r] = s10 / m + s01 / n;
            }
        }

        return new AucCovariance([.. placements.Select(p => p.Auc)], matrix, m, n);
    }

    /// <summary>
    /// Paired DeLong test of two scores read on the same cases: Z = (AUC₁ − AUC₂) / √(var₁ + var₂ − 2 cov),
    /// two-sided p, and the confidence interval of the difference (first − second), as pROC's roc.test.
    /// </summary>
    public static AucComparison PairedTest(IReadOnlyList<bool> truth, IReadOnlyList<double> first, IReadOnlyList<double> second, double confidenceLevel = 0.95)
    {
        Distributions.CheckLevel(confidenceLevel);
        var covariance = Covariance(truth, [first, second]);

        // DeLong et al. (1988): for the contrast L = (1, -1), (L AUC) / sqrt(L S L') is
        // asymptotically standard normal under H0: AUC1 = AUC2.
        var varianceOfDifference = covariance[0, 0] + covariance[1, 1] - 2 * covariance[0, 1];
        return Compare(covariance.Estimate(0, confidenceLevel), covariance.Estimate(1, confidenceLevel), covariance[0, 1], varianceOfDifference, confidenceLevel, paired: true);
    }

    /// <summary>
    /// Test of two AUCs from independent samples (different cases): Z = (AUC₁ − AUC₂) / √(var₁ + var₂), each
    /// variance from DeLong, as pROC's unpaired DeLong test.
    /// </summary>
    public static AucComparison UnpairedTest(
        IReadOnlyList<bool> firstTruth,
        IReadOnlyList<double> first,
        IReadOnlyList<bool> secondTruth,
        IReadOnlyList<double> second,
        double confidenceLevel = 0.95)
    {
        Distributions.CheckLevel(confidenceLevel);
        var one = Analyze(firstTruth, first, confidenceLevel);
        var other = Analyze(secondTruth, second, confidenceLevel);

        // Independent estimates have zero covariance: the critical ratio of Hanley JA, McNeil BJ (1983)
        // Radiology 148:839-843 with correlation r = 0, here with DeLong variances.
        return Compare(one, other, covariance: 0, one.Variance + other.Variance, confidenceLevel, paired: false);
    }

    private static AucComparison Compare(AucEstimate first, AucEstimate second, double covariance, double varianceOfDifference, double confidenceLevel, bool paired)
    {
        var difference = first.Auc - second.Auc;
        double z, p;
        if (varianceOfDifference > 0)
        {
            z = difference / Math.Sqrt(varianceOfDifference);
            p = Distributions.NormalTwoSidedP(z);
        }
        else
        {
            // No estimated sampling variability (e.g. identical scores, or both perfectly separating):
            // equal AUCs give Z = 0, unequal ones the limit Z = ±infinity.
            varianceOfDifference = 0;
            z = difference == 0 ? 0 : Math.CopySign(double.PositiveInfinity, difference);
            p = difference == 0 ? 1 : 0;
        }

        var margin = Distributions.NormalCritical(confidenceLevel) * Math.Sqrt(varianceOfDifference);
        return new AucComparison(first, second, difference, covariance, z, p, new ConfidenceInterval(difference - margin, difference + margin), paired);
    }

    private static double CrossProduct(double[] a, double meanA, double[] b, double meanB)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (a[i] - meanA) * (b[i] - meanB);
        }

        return sum;
    }
}

/// <summary>An empirical AUC with its DeLong variance and confidence interval.</summary>
public sealed record AucEstimate(double Auc, double Variance, ConfidenceInterval Ci, int Positives, int Negatives)
{
    public double StandardError => Math.Sqrt(Variance);
}

/// <summary>A DeLong comparison of two AUCs: difference (first − second), covariance, Z, two-sided p and CI of the difference.</summary>
public sealed record AucComparison(
    AucEstimate First,
    AucEstimate Second,
    double Difference,
    double Covariance,
    double Z,
    double P,
    ConfidenceInterval DifferenceCi,
    bool Paired);

/// <summary>AUCs of several scores on the same cases and their DeLong covariance matrix.</summary>
public sealed class AucCovariance
{
    private readonly double[,] _matrix;

    internal AucCovariance(IReadOnlyList<double> aucs, double[,] matrix, int positives, int negatives)
    {
        Aucs = aucs;
        _matrix = matrix;
        Positives = positives;
        Negatives = negatives;
    }

    public IReadOnlyList<double> Aucs { get; }

    public int Positives { get; }

    public int Negatives { get; }

    /// <summary>Covariance of AUC i and AUC j (the variance when i = j).</summary>
    public double this[int i, int j] => _matrix[i, j];

    /// <summary>Variance of the contrast Σ wᵢ·AUCᵢ, i.e. w′ S w (DeLong et al. 1988).</summary>
    public double ContrastVariance(IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count != Aucs.Count)
        {
            throw new ArgumentException($"{weights.Count} weights given for {Aucs.Count} AUCs.", nameof(weights));
        }

        double sum = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            for (var j = 0; j < weights.Count; j++)
            {
                sum += weights[i] * _matrix[i, j] * weights[j];
            }
        }

        return sum;
    }

    /// <summary>AUC i with its variance and the interval AUC ± z·√var clipped to [0, 1].</summary>
    public AucEstimate Estimate(int index, double confidenceLevel = 0.95)
    {
        Distributions.CheckLevel(confidenceLevel);
        var auc = Aucs[index];
        var variance = _matrix[index, index];

        // Asymptotic normality of the AUC (DeLong et al. 1988); pROC clips the limits to [0, 1].
        var margin = Distributions.NormalCritical(confidenceLevel) * Math.Sqrt(variance);
        var ci = new ConfidenceInterval(Math.Max(0, auc - margin), Math.Min(1, auc + margin));
        return new AucEstimate(auc, variance, ci, Positives, Negatives);
    }
}
