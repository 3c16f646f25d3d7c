namespace BoneTumorTutor.Statistics;

// Checks a (truth, score) sample and splits the scores by class, keeping input order within each class.
internal static class BinarySample
{
    public static (double[] Positives, double[] Negatives) Split(IReadOnlyList<bool> truth, IReadOnlyList<double> scores, string scoresName = "scores")
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(scores);
        if (truth.Count != scores.Count)
        {
            throw new ArgumentException($"There are {truth.Count} truth values but {scores.Count} {scoresName}; each case needs exactly one of each.", scoresName);
        }

        var positiveCount = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            if (!double.IsFinite(scores[i]))
            {
                throw new ArgumentException($"Case {i} has a {scoresName} value of {scores[i]}; every score must be a finite number.", scoresName);
            }

            if (truth[i])
            {
                positiveCount++;
            }
        }

        var positives = new double[positiveCount];
        var negatives = new double[truth.Count - positiveCount];
        int p = 0, q = 0;
        for (var i = 0; i < truth.Count; i++)
        {
            if (truth[i])
            {
                positives[p++] = scores[i];
            }
            else
            {
                negatives[q++] = scores[i];
            }
        }

        return (positives, negatives);
    }

    public static void RequireBothClasses(int positives, int negatives, int minimumEach, string what)
    {
        if (positives < minimumEach || negatives < minimumEach)
        {
            throw new ArgumentException(
                $"{what} needs at least {minimumEach} positive and {minimumEach} negative case{(minimumEach == 1 ? "" : "s")}; "
                + $"this sample has {positives} positive and {negatives} negative.");
        }
    }
}
