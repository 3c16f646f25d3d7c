using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Bench;

// Seeded synthetic data of the size the product must handle: a reader study (two modalities, every reader
// reading every case) and a large two-class sample with correlated scores. Ratings are 0-100 integers
// like the app's confidence slider, so ties occur as they do in practice.
internal static class SyntheticStudy
{
    public static List<MrmcRating> ReaderStudy(int seed, int readers, int cases)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, cases).Select(_ => random.NextDouble() < 0.5).ToArray();
        var difficulty = truth.Select(_ => Normal(random)).ToArray();
        var ratings = new List<MrmcRating>(2 * readers * cases);
        foreach (var (modality, separation) in new[] { ("unaided", 1.0), ("aided", 1.6) })
        {
            for (var reader = 0; reader < readers; reader++)
            {
                var skill = 0.3 * Normal(random);
                for (var k = 0; k < cases; k++)
                {
                    var latent = (truth[k] ? separation + skill : 0) + 0.7 * difficulty[k] + Normal(random);
                    ratings.Add(new MrmcRating(modality, $"reader-{reader:00}", $"case-{k:000}", truth[k], Confidence(latent)));
                }
            }
        }

        return ratings;
    }

    public static (bool[] Truth, double[] First, double[] Second) Scores(int seed, int count)
    {
        var random = new Random(seed);
        var truth = new bool[count];
        var first = new double[count];
        var second = new double[count];
        for (var i = 0; i < count; i++)
        {
            truth[i] = random.NextDouble() < 0.4;
            var shared = Normal(random);
            first[i] = Confidence((truth[i] ? 1.2 : 0) + shared + Normal(random));
            second[i] = Confidence((truth[i] ? 1.0 : 0) + shared + Normal(random));
        }

        return (truth, first, second);
    }

    private static double Confidence(double latent) => Math.Round(100 / (1 + Math.Exp(-(latent - 0.6))));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
