namespace BoneTumorTutor.Statistics;

// A validated, fully crossed modality x reader x case design built from a flat list of ratings.
// Ids keep their order of first appearance; Ratings[t][r][k] is modality t, reader r, case k.
internal sealed class MrmcDesign
{
    private const int MissingListed = 5;

    private MrmcDesign(string[] modalities, string[] readers, string[] cases, bool[] truth, double[][][] ratings)
    {
        Modalities = modalities;
        Readers = readers;
        Cases = cases;
        Truth = truth;
        Ratings = ratings;
    }

    public string[] Modalities { get; }

    public string[] Readers { get; }

    public string[] Cases { get; }

    public bool[] Truth { get; }

    public double[][][] Ratings { get; }

    public static MrmcDesign Build(IReadOnlyList<MrmcRating> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            throw new MrmcInputException("There are no ratings to analyse.");
        }

        var modalities = new Dictionary<string, int>(StringComparer.Ordinal);
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        var cases = new Dictionary<string, int>(StringComparer.Ordinal);
        var truth = new List<bool>();
        var truthSource = new List<int>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i] ?? throw new MrmcInputException("A rating is missing (null).", i);
            RequireId(record.Modality, "modality", i);
            RequireId(record.Reader, "reader", i);
            RequireId(record.Case, "case", i);
            if (!double.IsFinite(record.Rating))
            {
                throw new MrmcInputException($"Reader '{record.Reader}' gave case '{record.Case}' in modality '{record.Modality}' a rating of {record.Rating}; ratings must be finite numbers.", i);
            }

            modalities.TryAdd(record.Modality, modalities.Count);
            readers.TryAdd(record.Reader, readers.Count);
            if (cases.TryAdd(record.Case, cases.Count))
            {
                truth.Add(record.IsPositive);
                truthSource.Add(i);
            }
            else if (truth[cases[record.Case]] != record.IsPositive)
            {
                var earlier = truthSource[cases[record.Case]];
                throw new MrmcInputException(
                    $"Case '{record.Case}' is marked {Describe(record.IsPositive)} here but {Describe(!record.IsPositive)} in an earlier rating (record {earlier + 1}); a case has one truth.", i);
            }
        }

        if (modalities.Count != 2)
        {
            throw new MrmcInputException(
                $"The analysis compares exactly two modalities; the ratings have {modalities.Count}: {string.Join(", ", modalities.Keys.Select(m => $"'{m}'"))}.");
        }

        if (readers.Count < 2)
        {
            throw new MrmcInputException(
                $"The Obuchowski–Rockette analysis needs at least two readers; the ratings have one ('{readers.Keys.First()}'). "
                + "To compare two modalities for a single reader use DeLong.PairedTest.");
        }

        var positives = truth.Count(t => t);
        var negatives = truth.Count - positives;
        if (positives < 2 || negatives < 2)
        {
            throw new MrmcInputException(
                $"The analysis needs at least 2 positive and 2 negative cases (the jackknife leaves one out); the ratings have {positives} positive and {negatives} negative.");
        }

        var (t, r, k) = (modalities.Count, readers.Count, cases.Count);
        var grid = new double[t][][];
        var seen = new int[t, r, k];
        for (var m = 0; m < t; m++)
        {
            grid[m] = new double[r][];
            for (var j = 0; j < r; j++)
            {
                grid[m][j] = new double[k];
            }
        }

        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            int m = modalities[record.Modality], j = readers[record.Reader], c = cases[record.Case];
            if (seen[m, j, c] != 0)
            {
                throw new MrmcInputException(
                    $"Reader '{record.Reader}' rated case '{record.Case}' in modality '{record.Modality}' twice (also record {seen[m, j, c]}).", i);
            }

            seen[m, j, c] = i + 1;
            grid[m][j][c] = record.Rating;
        }

        var modalityIds = modalities.Keys.ToArray();
        var readerIds = readers.Keys.ToArray();
        var caseIds = cases.Keys.ToArray();
        ThrowIfIncomplete(seen, modalityIds, readerIds, caseIds);
        return new MrmcDesign(modalityIds, readerIds, caseIds, [.. truth], grid);
    }

    private static void ThrowIfIncomplete(int[,,] seen, string[] modalities, string[] readers, string[] cases)
    {
        var incomplete = new List<(int Modality, int Reader, List<int> Cases)>();
        for (var m = 0; m < modalities.Length; m++)
        {
            for (var j = 0; j < readers.Length; j++)
            {
                var missing = new List<int>();
                for (var c = 0; c < cases.Length; c++)
                {
                    if (seen[m, j, c] == 0)
                    {
                        missing.Add(c);
                    }
                }

                if (missing.Count > 0)
                {
                    incomplete.Add((m, j, missing));
                }
            }
        }

        if (incomplete.Count == 0)
        {
            return;
        }

        var (modality, reader, missed) = incomplete[0];
        var listed = string.Join(", ", missed.Take(MissingListed).Select(c => $"'{cases[c]}'"));
        var more = missed.Count > MissingListed ? $" and {missed.Count - MissingListed} more" : "";
        var others = incomplete.Count > 1 ? $" {incomplete.Count - 1} other reader/modality pair(s) are incomplete too." : "";
        throw new MrmcInputException(
            $"The design is not fully crossed: reader '{readers[reader]}' has no rating in modality '{modalities[modality]}' "
            + $"for {missed.Count} of {cases.Length} case(s): {listed}{more}.{others} Every reader must rate every case in both modalities.");
    }

    private static void RequireId(string? id, string what, int index)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new MrmcInputException($"A rating has an empty {what} id.", index);
        }
    }

    private static string Describe(bool isPositive) => isPositive ? "positive" : "negative";
}
