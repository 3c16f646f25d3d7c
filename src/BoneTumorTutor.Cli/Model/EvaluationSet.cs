using System.Globalization;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Cli.Stats;

namespace BoneTumorTutor.Cli.Model;

/// <summary>One radiograph to evaluate: where its files are, its label, and how its lesion box is found.</summary>
internal sealed record EvaluationItem(
    long Line,
    string Id,
    bool IsOsteosarcoma,
    string ImagePath,
    string? MaskPath,
    LesionBox? RoiBox,
    int Age,
    Sex Sex,
    string Site);

/// <summary>
/// A folder in the shared layout (<c>metadata.csv</c> with at least <c>image_id,label,image_file</c>; optional
/// <c>mask_file</c>, <c>roi_x,roi_y,roi_w,roi_h</c>, <c>center,age,gender</c> and BTXRD's site flags; files relative to
/// the folder): the osteosarcoma and giant cell tumor rows, optionally only those an id list names.
/// </summary>
internal sealed class EvaluationSet
{
    public const string Osteosarcoma = "osteosarcoma";
    public const string GiantCellTumor = "giant cell tumor";

    private static readonly string[] Required = ["image_id", "label", "image_file"];
    private static readonly string[] Roi = ["roi_x", "roi_y", "roi_w", "roi_h"];

    private EvaluationSet(List<EvaluationItem> items, int otherLabels, int notListed)
    {
        Items = items;
        OtherLabels = otherLabels;
        NotListed = notListed;
    }

    public IReadOnlyList<EvaluationItem> Items { get; }

    /// <summary>Rows whose label is neither osteosarcoma nor giant cell tumor (not scored).</summary>
    public int OtherLabels { get; }

    /// <summary>Osteosarcoma / GCT rows left out because the id list does not name them.</summary>
    public int NotListed { get; }

    /// <summary>Reads and checks the folder; throws <see cref="StatsInputException"/> with a clear message on bad input.</summary>
    public static EvaluationSet Read(string directory, string? idsFile, bool needsClinical)
    {
        if (!Directory.Exists(directory))
        {
            throw new StatsInputException($"{directory}: no such folder.");
        }

        var metadata = Path.Combine(directory, "metadata.csv");
        if (!File.Exists(metadata))
        {
            throw new StatsInputException($"{metadata}: file not found; the folder must hold a metadata.csv (columns image_id, label, image_file, optional mask_file).");
        }

        var table = CsvTable.Read(metadata);
        var missing = Required.Where(c => !table.Header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new StatsInputException(
                $"{metadata}: missing column(s) {string.Join(", ", missing)}; at least image_id, label, image_file are needed (the header has: {string.Join(", ", table.Header)}).");
        }

        int? Optional(string name) => table.Header.Contains(name) ? table.Column(name, "metadata") : null;
        var idColumn = table.Column("image_id", "metadata");
        var labelColumn = table.Column("label", "metadata");
        var imageColumn = table.Column("image_file", "metadata");
        var maskColumn = Optional("mask_file");
        var roiColumns = Roi.All(table.Header.Contains) ? Roi.Select(c => table.Column(c, "metadata")).ToArray() : null;
        var ageColumn = Optional("age");
        var genderColumn = Optional("gender");
        var femurColumn = Optional("femur");
        var tibiaColumn = Optional("tibia");
        if (needsClinical && (ageColumn is null || genderColumn is null || femurColumn is null || tibiaColumn is null))
        {
            throw new StatsInputException($"{metadata}: the model reads clinical features, so the columns age, gender, femur and tibia are needed.");
        }

        HashSet<string>? wanted = idsFile is null ? null : ReadIds(idsFile);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<EvaluationItem>();
        int otherLabels = 0, notListed = 0;
        foreach (var row in table.Rows)
        {
            var label = table.Text(row, labelColumn).Trim();
            var isOs = string.Equals(label, Osteosarcoma, StringComparison.OrdinalIgnoreCase);
            if (!isOs && !string.Equals(label, GiantCellTumor, StringComparison.OrdinalIgnoreCase))
            {
                otherLabels++;
                continue;
            }

            var id = table.Text(row, idColumn);
            var imageFile = table.Text(row, imageColumn);
            if (wanted is not null)
            {
                var names = new[] { id, Path.GetFileNameWithoutExtension(id), Path.GetFileNameWithoutExtension(imageFile) };
                var match = names.FirstOrDefault(wanted.Contains);
                if (match is null)
                {
                    notListed++;
                    continue;
                }

                found.Add(match);
            }

            var where = $"{metadata}: line {row.Line} ({id})";
            if (imageFile.Length == 0)
            {
                throw new StatsInputException($"{where}: image_file is empty.");
            }

            var imagePath = Inside(directory, imageFile, where);
            var maskFile = maskColumn is { } mc ? table.Text(row, mc) : "";
            var maskPath = maskFile.Length > 0 ? Inside(directory, maskFile, where) : null;
            LesionBox? roi = null;
            if (maskPath is null && roiColumns is not null && roiColumns.Any(c => table.Text(row, c).Length > 0))
            {
                var v = roiColumns.Select(c => Integer(table, row, c, where)).ToArray();
                if (v[2] <= 0 || v[3] <= 0 || v[0] < 0 || v[1] < 0)
                {
                    throw new StatsInputException($"{where}: the roi box {v[0]},{v[1]},{v[2]},{v[3]} needs x, y ≥ 0 and a positive width and height.");
                }

                roi = new LesionBox(v[0], v[1], v[2], v[3]);
            }

            var age = ageColumn is { } ac && table.Text(row, ac).Length > 0 ? Integer(table, row, ac, where) : 0;
            var sex = genderColumn is { } gc && table.Text(row, gc).Trim().ToUpperInvariant() is "M" or "MALE" ? Sex.Male : Sex.Female;
            var site = femurColumn is { } fc && table.Text(row, fc) == "1" ? "femur"
                : tibiaColumn is { } tc && table.Text(row, tc) == "1" ? "tibia"
                : "";
            items.Add(new EvaluationItem(row.Line, id, isOs, imagePath, maskPath, roi, age, sex, site));
        }

        if (wanted is not null && found.Count < wanted.Count)
        {
            var absent = wanted.Where(w => !found.Contains(w)).Order(StringComparer.Ordinal).ToList();
            throw new StatsInputException(
                $"{idsFile}: {absent.Count} id(s) name no osteosarcoma or giant cell tumor row of {metadata}: {string.Join(", ", absent.Take(5))}{(absent.Count > 5 ? ", …" : "")}.");
        }

        return new EvaluationSet(items, otherLabels, notListed);
    }

    /// <summary>Ids one a line; blank lines and lines starting with '#' are ignored.</summary>
    private static HashSet<string> ReadIds(string path)
    {
        if (!File.Exists(path))
        {
            throw new StatsInputException($"{path}: file not found (--ids).");
        }

        var ids = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            throw new StatsInputException($"{path}: the id list is empty (--ids).");
        }

        return ids;
    }

    private static string Inside(string directory, string relative, string where)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new StatsInputException($"{where}: the path '{relative}' leaves the data folder.");
        }

        if (!File.Exists(full))
        {
            throw new StatsInputException($"{where}: file not found: {relative}.");
        }

        return full;
    }

    private static int Integer(CsvTable table, CsvRow row, int column, string where)
    {
        var text = table.Text(row, column);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
        {
            return (int)d;
        }

        throw new StatsInputException($"{where}: column '{table.Header[column]}' has '{text}'; expected a whole number.");
    }
}
