namespace BoneTumorTutor.Statistics;

// The empirical AUC of one score and its DeLong structural components ("placement values"),
// computed from midranks in O(n log n) instead of DeLong's O(m n) double loop.
//
// Source: Sun X, Xu W (2014) "Fast implementation of DeLong's algorithm for comparing the areas
// under correlated receiver operating characteristic curves", IEEE Signal Processing Letters
// 21(11):1389-1393, the midrank identities: with T_Z the midranks of the pooled sample, T_X the midranks within
// the m positives and T_Y within the n negatives,
//     AUC    = (sum_i T_Z(X_i) - m(m + 1)/2) / (m n)
//     V10(i) = (T_Z(X_i) - T_X(X_i)) / n          (share of negatives below positive i, ties 1/2)
//     V01(j) = 1 - (T_Z(Y_j) - T_Y(Y_j)) / m      (share of positives above negative j, ties 1/2)
// which equal the Mann-Whitney AUC (psi = 1/2 for ties) and the structural components V10 and V01
// of DeLong, DeLong & Clarke-Pearson (1988) Biometrics 44:837-845.
internal sealed class Placements
{
    private Placements(double auc, double[] positiveComponents, double[] negativeComponents)
    {
        Auc = auc;
        V10 = positiveComponents;
        V01 = negativeComponents;
    }

    public double Auc { get; }

    // One value per positive case, in input order; their mean is the AUC.
    public double[] V10 { get; }

    // One value per negative case, in input order; their mean is the AUC.
    public double[] V01 { get; }

    public static Placements Compute(ReadOnlySpan<double> positives, ReadOnlySpan<double> negatives)
    {
        int m = positives.Length, n = negatives.Length;
        var pooled = new double[m + n];
        positives.CopyTo(pooled);
        negatives.CopyTo(pooled.AsSpan(m));

        var pooledRanks = MidRanks(pooled);
        var positiveRanks = MidRanks(positives);
        var negativeRanks = MidRanks(negatives);

        var v10 = new double[m];
        double rankSum = 0;
        for (var i = 0; i < m; i++)
        {
            rankSum += pooledRanks[i];
            v10[i] = (pooledRanks[i] - positiveRanks[i]) / n;
        }

        var v01 = new double[n];
        for (var j = 0; j < n; j++)
        {
            v01[j] = 1 - (pooledRanks[m + j] - negativeRanks[j]) / m;
        }

        var auc = (rankSum - m * (m + 1.0) / 2) / ((double)m * n);
        return new Placements(auc, v10, v01);
    }

    // Midranks (1-based; tied values share the mean of the ranks they occupy), as defined by Sun & Xu (2014).
    public static double[] MidRanks(ReadOnlySpan<double> values)
    {
        var count = values.Length;
        var sorted = values.ToArray();
        var order = new int[count];
        for (var i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Array.Sort(sorted, order);

        var ranks = new double[count];
        var start = 0;
        while (start < count)
        {
            var end = start + 1;
            while (end < count && sorted[end] == sorted[start])
            {
                end++;
            }

            // Positions start..end-1 (0-based) hold ranks start+1..end; their mean is (start + end + 1) / 2.
            var midRank = (start + end + 1) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = midRank;
            }

            start = end;
        }

        return ranks;
    }
}
