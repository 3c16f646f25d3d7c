using System.Globalization;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

// The shared reference data sets (../shared/reference/stats beside the repository), read at test time.
internal static class ReferenceData
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static string AsahPath => Path.Combine(Folder.Value, "asah.csv");

    public static string VanDykePath => Path.Combine(Folder.Value, "vandyke.csv");

    // pROC's aSAH data: truth = outcome is "Poor".
    public static Asah LoadAsah()
    {
        var (header, rows) = ReadCsv(AsahPath);
        int outcome = Array.IndexOf(header, "outcome"), wfns = Array.IndexOf(header, "wfns"), s100b = Array.IndexOf(header, "s100b"), ndka = Array.IndexOf(header, "ndka");
        return new Asah(
            [.. rows.Select(r => r[outcome] == "Poor")],
            [.. rows.Select(r => Number(r[wfns]))],
            [.. rows.Select(r => Number(r[s100b]))],
            [.. rows.Select(r => Number(r[ndka]))]);
    }

    // Van Dyke et al. (RJafroc dataset02) as MRMC ratings.
    public static List<MrmcRating> LoadVanDyke()
    {
        var (header, rows) = ReadCsv(VanDykePath);
        int modality = Array.IndexOf(header, "modality"), reader = Array.IndexOf(header, "reader"), @case = Array.IndexOf(header, "case"),
            truth = Array.IndexOf(header, "truth"), rating = Array.IndexOf(header, "rating");
        return [.. rows.Select(r => new MrmcRating(r[modality], r[reader], r[@case], r[truth] == "1", Number(r[rating])))];
    }

    private static (string[] Header, List<string[]> Rows) ReadCsv(string path)
    {
        // The reference files are plain comma-separated values without quoting.
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        return (lines[0].Split(','), [.. lines.Skip(1).Select(l => l.Split(','))]);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "reference", "stats");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"No shared/reference/stats folder above {AppContext.BaseDirectory}; the reference data must sit in ../shared beside the repository.");
    }
}

internal sealed record Asah(bool[] Poor, double[] Wfns, double[] S100b, double[] Ndka);
