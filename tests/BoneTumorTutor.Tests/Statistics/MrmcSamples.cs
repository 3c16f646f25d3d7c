using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

// Seeded synthetic reader studies and a by-definition jackknife to check the fast MRMC code against.
internal static class MrmcSamples
{
    // A fully crossed two-modality study in the spirit of Roe & Metz (1997): a shared case effect
    // correlates readers and modalities; modality "B" separates the classes a little better.
    public static List<MrmcRating> Study(int seed, int readers, int cases, int levels = 5, double sharedCaseEffect = 0.7, double modalityCaseEffect = 0.5)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, cases).Select(k => k % 5 < 2).ToArray();
        var caseEffect = truth.Select(_ => Samples.Normal(random)).ToArray();
        var skill = Enumerable.Range(0, readers).Select(_ => 0.3 * Samples.Normal(random)).ToArray();
        var ratings = new List<MrmcRating>(2 * readers * cases);
        foreach (var (modality, boost) in new[] { ("A", 0.0), ("B", 0.5) })
        {
            var modalityEffect = truth.Select(_ => modalityCaseEffect * Samples.Normal(random)).ToArray();
            for (var j = 0; j < readers; j++)
            {
                for (var k = 0; k < cases; k++)
                {
                    var latent = (truth[k] ? 1.2 + boost + skill[j] : 0) + sharedCaseEffect * caseEffect[k] + modalityEffect[k] + Samples.Normal(random);
                    var rating = levels > 0 ? Math.Clamp(Math.Round(latent + levels / 2.0), 1, levels) : latent;
                    ratings.Add(new MrmcRating(modality, $"r{j:00}", $"c{k:000}", truth[k], rating));
                }
            }
        }

        return ratings;
    }

    // Figures of merit and their leave-one-case-out values recomputed from scratch with Roc.Auc.
    public static (string[] Modalities, string[] Readers, string[] Cases, double[,] Auc, double[,][] Jackknife) NaiveJackknife(IReadOnlyList<MrmcRating> ratings)
    {
        var modalities = ratings.Select(r => r.Modality).Distinct().ToArray();
        var readers = ratings.Select(r => r.Reader).Distinct().ToArray();
        var cases = ratings.Select(r => r.Case).Distinct().ToArray();
        var auc = new double[modalities.Length, readers.Length];
        var jackknife = new double[modalities.Length, readers.Length][];
        for (var i = 0; i < modalities.Length; i++)
        {
            for (var j = 0; j < readers.Length; j++)
            {
                var own = ratings.Where(r => r.Modality == modalities[i] && r.Reader == readers[j]).ToDictionary(r => r.Case);
                auc[i, j] = Roc.Auc([.. cases.Select(c => own[c].IsPositive)], [.. cases.Select(c => own[c].Rating)]);
                jackknife[i, j] = [.. cases.Select(left => Roc.Auc(
                    [.. cases.Where(c => c != left).Select(c => own[c].IsPositive)],
                    [.. cases.Where(c => c != left).Select(c => own[c].Rating)]))];
            }
        }

        return (modalities, readers, cases, auc, jackknife);
    }

    // Transforms each reader's ratings in each modality by its own strictly increasing function.
    public static List<MrmcRating> MonotoneTransform(IEnumerable<MrmcRating> ratings) =>
    [
        .. ratings.Select(r =>
        {
            var shape = (r.Reader.Sum(c => c) & 3) + (r.Modality == "1" || r.Modality == "B" ? 4 : 0);
            var value = shape switch
            {
                0 => Math.Exp(r.Rating),
                1 => 3 * r.Rating - 100,
                2 => Math.Pow(r.Rating + 10, 3),
                3 => Math.Atan(r.Rating / 10),
                4 => Math.Log(r.Rating + 50),
                5 => r.Rating / 7,
                6 => Math.Sinh(r.Rating / 3),
                _ => r.Rating + 1000,
            };
            return r with { Rating = value };
        }),
    ];
}
