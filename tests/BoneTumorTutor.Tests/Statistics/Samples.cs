namespace BoneTumorTutor.Tests.Statistics;

// Seeded random test data: two-class scores with many ties, and independent (slow, by-definition)
// versions of the statistics to check the fast ones against.
internal static class Samples
{
    public static (bool[] Truth, double[] Scores) Scores(int seed, int count, int levels = 6, double shift = 1)
    {
        var random = new Random(seed);
        var truth = new bool[count];
        var scores = new double[count];
        for (var i = 0; i < count; i++)
        {
            // At least two cases of each class, then a random mix.
            truth[i] = i switch { < 2 => true, < 4 => false, _ => random.NextDouble() < 0.4 };
            var latent = Normal(random) + (truth[i] ? shift : 0);
            scores[i] = levels > 0 ? Math.Clamp(Math.Round(latent * 1.5 + levels / 2.0), 1, levels) : latent;
        }

        return (truth, scores);
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    // Mann-Whitney kernel: 1 if the positive scores higher, 1/2 for a tie.
    public static double Psi(double positive, double negative) => positive > negative ? 1 : positive == negative ? 0.5 : 0;

    public static double NaiveAuc(bool[] truth, double[] scores)
    {
        double sum = 0;
        var pairs = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            for (var j = 0; j < truth.Length; j++)
            {
                if (truth[i] && !truth[j])
                {
                    sum += Psi(scores[i], scores[j]);
                    pairs++;
                }
            }
        }

        return sum / pairs;
    }

    // DeLong, DeLong & Clarke-Pearson (1988) written out with the O(m n) structural components.
    public static double NaiveDeLongCovariance(bool[] truth, double[] a, double[] b)
    {
        var positives = Enumerable.Range(0, truth.Length).Where(i => truth[i]).ToArray();
        var negatives = Enumerable.Range(0, truth.Length).Where(i => !truth[i]).ToArray();
        double[] V10(double[] s) => [.. positives.Select(i => negatives.Average(j => Psi(s[i], s[j])))];
        double[] V01(double[] s) => [.. negatives.Select(j => positives.Average(i => Psi(s[i], s[j])))];
        static double Cov(double[] x, double[] y)
        {
            double mx = x.Average(), my = y.Average();
            return x.Zip(y, (u, v) => (u - mx) * (v - my)).Sum() / (x.Length - 1);
        }

        return Cov(V10(a), V10(b)) / positives.Length + Cov(V01(a), V01(b)) / negatives.Length;
    }
}
