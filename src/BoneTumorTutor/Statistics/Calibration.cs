namespace BoneTumorTutor.Statistics;

/// <summary>Calibration of predicted probabilities against outcomes: Brier score and reliability-diagram bins.</summary>
public static class Calibration
{
    /// <summary>Mean squared difference between the predicted probability and the outcome (1 positive, 0 negative).</summary>
    public static double BrierScore(IReadOnlyList<bool> truth, IReadOnlyList<double> probabilities)
    {
        Check(truth, probabilities);
        if (truth.Count == 0)
        {
            throw new ArgumentException("A Brier score needs at least one case.", nameof(truth));
        }

        // Brier GW (1950) Mon Weather Rev 78:1-3: his score sums (f - E)^2 over both classes (range 0-2);
        // the usual binary form used here keeps the positive class's term, B = (1/N) sum (f_i - o_i)^2 (range 0-1).
        double sum = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            var error = probabilities[i] - (truth[i] ? 1 : 0);
            sum += error * error;
        }

        return sum / truth.Count;
    }

    /// <summary>
    /// Splits [0, 1] into <paramref name="binCount"/> equal-width bins (the last one closed at 1) and gives, for
    /// every bin, its case count, mean predicted probability and observed rate of positives; the two means are
    /// null for an empty bin.
    /// </summary>
    public static IReadOnlyList<CalibrationBin> Bins(IReadOnlyList<bool> truth, IReadOnlyList<double> probabilities, int binCount = 10)
    {
        Check(truth, probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(binCount, 1);

        // Reliability diagram with fixed-width bins: Murphy AH, Winkler RL (1977) J R Stat Soc C (Appl Stat)
        // 26:41-47; per bin, the mean forecast against the observed relative frequency.
        var counts = new int[binCount];
        var positives = new int[binCount];
        var predicted = new double[binCount];
        for (var i = 0; i < truth.Count; i++)
        {
            var bin = Math.Min((int)(probabilities[i] * binCount), binCount - 1);
            counts[bin]++;
            predicted[bin] += probabilities[i];
            if (truth[i])
            {
                positives[bin]++;
            }
        }

        var bins = new CalibrationBin[binCount];
        for (var b = 0; b < binCount; b++)
        {
            var n = counts[b];
            bins[b] = new CalibrationBin(
                (double)b / binCount,
                (double)(b + 1) / binCount,
                n,
                n == 0 ? null : predicted[b] / n,
                n == 0 ? null : (double)positives[b] / n);
        }

        return bins;
    }

    private static void Check(IReadOnlyList<bool> truth, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (truth.Count != probabilities.Count)
        {
            throw new ArgumentException($"There are {truth.Count} truth values but {probabilities.Count} probabilities; each case needs exactly one of each.", nameof(probabilities));
        }

        for (var i = 0; i < probabilities.Count; i++)
        {
            if (!(probabilities[i] >= 0 && probabilities[i] <= 1))
            {
                throw new ArgumentException($"Case {i} has a predicted probability of {probabilities[i]}; probabilities must lie in [0, 1] (divide a 0-100 confidence by 100).", nameof(probabilities));
            }
        }
    }
}

/// <summary>One calibration bin: its probability range, case count, mean predicted probability and observed positive rate.</summary>
public sealed record CalibrationBin(double Lower, double Upper, int Count, double? MeanPredicted, double? ObservedRate);
