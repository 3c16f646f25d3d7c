using System.Globalization;
using System.Text.Json;
using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Importing;

/// <summary>Which BTXRD rows to import.</summary>
public sealed record BtxrdOptions
{
    /// <summary>BTXRD subtype names; only the two the product teaches can be imported.</summary>
    public IReadOnlyList<string> TumourTypes { get; init; } = [Btxrd.Osteosarcoma, Btxrd.GiantCellTumor];

    /// <summary>Bones (BTXRD site flags): "femur", "tibia"…, or "all" for any site.</summary>
    public IReadOnlyList<string> Sites { get; init; } = ["femur", "tibia"];
}

/// <summary>
/// Reads the public BTXRD dataset in either of its layouts: as published (<c>dataset.csv</c>, <c>images/IMGnnnnnn.jpeg</c>,
/// optional LabelMe <c>Annotations/IMGnnnnnn.json</c>) or as the reduced copy in <c>../shared/data/btxrd</c>
/// (<c>metadata.csv</c> with <c>image_file</c>/<c>mask_file</c>, PNG images and tumour masks).
/// </summary>
public static class Btxrd
{
    public const string Osteosarcoma = "osteosarcoma";
    public const string GiantCellTumor = "giant cell tumor";

    public const string Citation =
        "Yao S. et al., \"A Radiograph Dataset for the Classification, Localization, and Segmentation of Primary Bone Tumors\", " +
        "Scientific Data 12:88 (2025), doi:10.1038/s41597-024-04311-y; data doi:10.6084/m9.figshare.27865398";

    public const string Licence =
        "BTXRD: article CC BY-NC-ND 4.0; licence of the data record unconfirmed; centre 2 images carry Radiopaedia terms, " +
        "centre 3 MedPix terms. Educational, non-commercial use only; no derivatives.";

    private static readonly string[] KnownSites = ["femur", "tibia", "fibula", "humerus", "radius", "ulna", "hand", "foot", "hip bone"];

    public static bool LooksLikeBtxrd(string directory) =>
        File.Exists(Path.Combine(directory, "metadata.csv")) || File.Exists(Path.Combine(directory, "dataset.csv"));

    public static ImportSource Read(string directory, BtxrdOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var type in options.TumourTypes)
        {
            if (type is not (Osteosarcoma or GiantCellTumor))
            {
                throw new ArgumentException($"Tumour type '{type}' cannot be imported: the product teaches '{Osteosarcoma}' and '{GiantCellTumor}'.");
            }
        }

        foreach (var site in options.Sites)
        {
            if (site != "all" && !KnownSites.Contains(site))
            {
                throw new ArgumentException($"Unknown site '{site}' (use {string.Join(", ", KnownSites)} or all).");
            }
        }

        var reduced = Path.Combine(directory, "metadata.csv");
        var published = Path.Combine(directory, "dataset.csv");
        var csv = File.Exists(reduced) ? reduced : File.Exists(published) ? published : null;
        if (csv is null)
        {
            throw new ArgumentException($"{directory} holds neither metadata.csv (reduced copy) nor dataset.csv (published BTXRD).");
        }

        var rows = new List<ImportRow>();
        var problems = new List<string>();
        var filtered = 0;
        var (header, records) = CsvRecords.Read(csv);
        var fileName = Path.GetFileName(csv);
        foreach (var required in new[] { "image_id", "center", "age", "gender", Osteosarcoma, GiantCellTumor, "frontal", "lateral", "oblique" })
        {
            if (!header.Contains(required))
            {
                throw new ArgumentException($"{fileName} has no '{required}' column; is this BTXRD?");
            }
        }

        foreach (var record in records)
        {
            var where = $"{fileName}:{record.Line}";
            bool Flag(string name) => record[name] == "1";

            var imageId = record["image_id"];
            var isOs = Flag(Osteosarcoma);
            var isGct = Flag(GiantCellTumor);
            var wanted = (isOs && options.TumourTypes.Contains(Osteosarcoma)) || (isGct && options.TumourTypes.Contains(GiantCellTumor));
            var site = KnownSites.FirstOrDefault(Flag);
            if (!wanted || (!options.Sites.Contains("all") && (site is null || !options.Sites.Contains(site))))
            {
                filtered++;
                continue;
            }

            if (string.IsNullOrEmpty(imageId) || imageId.IndexOfAny(['/', '\\']) >= 0 || imageId.Contains("..", StringComparison.Ordinal))
            {
                problems.Add($"{where}: image_id '{imageId}' is not a plain file name; row skipped");
                continue;
            }

            var stem = Path.GetFileNameWithoutExtension(imageId);
            var key = "btxrd:" + stem;
            var values = new RowValues(
                stem, record["center"], record["age"], record["gender"], isOs, isGct, site,
                Flag("frontal") ? "AP" : Flag("lateral") ? "lateral" : Flag("oblique") ? "oblique" : null,
                csv == reduced ? record["image_file"] : Path.Combine("images", imageId),
                csv == reduced ? record["mask_file"] : "");
            rows.Add(new ImportRow(where, key, () => Prepare(directory, key, values)));
        }

        var layout = csv == reduced ? "reduced copy (metadata.csv + PNG images + masks)" : "published layout (dataset.csv + images/ + Annotations/)";
        return new ImportSource($"BTXRD, {layout}", rows, problems, filtered);
    }

    private sealed record RowValues(
        string Stem, string Center, string Age, string Gender, bool IsOs, bool IsGct, string? Site, string? View, string ImageFile, string MaskFile);

    private static PreparedCase Prepare(string directory, string key, RowValues row)
    {
        if (row.IsOs == row.IsGct)
        {
            throw new ImportRowException("the row is flagged as both osteosarcoma and giant cell tumor");
        }

        if (!int.TryParse(row.Age, NumberStyles.Integer, CultureInfo.InvariantCulture, out var age) || age is < 0 or > 120)
        {
            throw new ImportRowException($"age '{row.Age}' is not a whole number of years");
        }

        if (!CaseVocabulary.TryParseSex(row.Gender, out var sex))
        {
            throw new ImportRowException($"gender '{row.Gender}' is neither M nor F");
        }

        var imagePath = SafePath(directory, row.ImageFile) ?? throw new ImportRowException($"image path '{row.ImageFile}' leaves the dataset folder");
        if (!File.Exists(imagePath))
        {
            throw new ImportRowException($"image file '{row.ImageFile}' is missing");
        }

        var bytes = File.ReadAllBytes(imagePath);
        var (width, height) = ImageSize(bytes, row.ImageFile);
        var box = BoxFromMask(directory, row.MaskFile, width, height)
            ?? BoxFromAnnotation(Path.Combine(directory, "Annotations", row.Stem + ".json"), width, height);
        var centre = row.Center switch
        {
            "1" => "centre 1 (hospital)",
            "2" => "centre 2 (Radiopaedia)",
            "3" => "centre 3 (MedPix)",
            _ => $"centre {row.Center}",
        };
        var fields = new CaseFields
        {
            Slug = "btxrd-" + row.Stem.ToLowerInvariant(),
            Title = $"BTXRD {row.Stem}",
            Diagnosis = row.IsOs ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor,
            ProvenBy = "expert-consensus",
            Age = age,
            Sex = sex,
            Site = row.Site switch { "femur" => "femur", "tibia" => "tibia", "fibula" => "proximal fibula", _ => "other" },
            Side = "unknown",
            View = row.View ?? "AP",
            LesionBox = box,
            Source = $"BTXRD image {row.Stem}, {centre}",
            License = Licence,
            Attribution = Citation,
            Synthetic = false,
            NotesMarkdown = Scaffolding(row.Stem, box is not null),
        };
        return new PreparedCase(key, fields, bytes, Path.GetFileName(imagePath));
    }

    /// <summary>Notes every imported case starts with: what it is, and that an educator still has to write the teaching.</summary>
    public static string Scaffolding(string stem, bool hasBox) => $"""
        > **Imported case — teaching notes still to be written.** This case was imported from the public BTXRD dataset
        > (image {stem}) and has no educator's notes yet. An educator should review the diagnosis, the clinical data and
        > the lesion box{(hasBox ? "" : " (none was found: draw one)")}, then replace this text before publishing.

        ## Findings

        _To be written._

        ## Discussion

        BTXRD records the bone but not whether the lesion is proximal or distal, and some centre-1 labels are expert
        reads without pathology (dataset paper, usage notes).

        ## Key discriminators

        _To be written._
        """;

    /// <summary>The image's size from its header only (the full check runs later, and only for new or changed rows).</summary>
    private static (int Width, int Height) ImageSize(byte[] bytes, string name)
    {
        try
        {
            var info = SixLabors.ImageSharp.Image.Identify(Radiographs.Configuration, bytes, out _);
            return info is null ? throw new ImportRowException($"image '{name}' is not a PNG or JPEG image") : (info.Width, info.Height);
        }
        catch (Exception ex) when (ex is SixLabors.ImageSharp.ImageFormatException or InvalidOperationException or ArgumentException
            or SixLabors.ImageSharp.Memory.InvalidMemoryOperationException)
        {
            throw new ImportRowException($"image '{name}' cannot be read: {ex.Message}", ex);
        }
    }

    private static string? SafePath(string directory, string relative)
    {
        if (string.IsNullOrWhiteSpace(relative))
        {
            return null;
        }

        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>The box over mask pixels &gt; 127: [xmin, ymin, xmax − xmin + 1, ymax − ymin + 1] (models/README.md).</summary>
    public static LesionBox? BoxFromMask(string directory, string maskFile, int width, int height)
    {
        if (string.IsNullOrWhiteSpace(maskFile))
        {
            return null;
        }

        var path = SafePath(directory, maskFile) ?? throw new ImportRowException($"mask path '{maskFile}' leaves the dataset folder");
        if (!File.Exists(path))
        {
            throw new ImportRowException($"mask file '{maskFile}' is missing");
        }

        using var mask = Radiographs.DecodeGray(File.ReadAllBytes(path));
        if (mask.Width != width || mask.Height != height)
        {
            throw new ImportRowException($"mask '{maskFile}' is {mask.Width}×{mask.Height} but the image is {width}×{height}");
        }

        return BoxFromMask(mask);
    }

    public static LesionBox? BoxFromMask(SixLabors.ImageSharp.Image<L8> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        int xmin = int.MaxValue, ymin = int.MaxValue, xmax = -1, ymax = -1;
        mask.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    if (row[x].PackedValue > 127)
                    {
                        xmin = Math.Min(xmin, x);
                        xmax = Math.Max(xmax, x);
                        ymin = Math.Min(ymin, y);
                        ymax = Math.Max(ymax, y);
                    }
                }
            }
        });
        return xmax < 0 ? null : new LesionBox(xmin, ymin, xmax - xmin + 1, ymax - ymin + 1);
    }

    /// <summary>The box around every shape of a LabelMe annotation, in image pixels, clipped to the image.</summary>
    public static LesionBox? BoxFromAnnotation(string path, int width, int height)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        double xmin = double.MaxValue, ymin = double.MaxValue, xmax = double.MinValue, ymax = double.MinValue;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!json.RootElement.TryGetProperty("shapes", out var shapes) || shapes.ValueKind != JsonValueKind.Array)
            {
                throw new ImportRowException($"annotation '{Path.GetFileName(path)}' has no 'shapes' list");
            }

            foreach (var shape in shapes.EnumerateArray())
            {
                foreach (var point in shape.GetProperty("points").EnumerateArray())
                {
                    var x = point[0].GetDouble();
                    var y = point[1].GetDouble();
                    xmin = Math.Min(xmin, x);
                    ymin = Math.Min(ymin, y);
                    xmax = Math.Max(xmax, x);
                    ymax = Math.Max(ymax, y);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException or FormatException)
        {
            throw new ImportRowException($"annotation '{Path.GetFileName(path)}' is not valid LabelMe JSON: {ex.Message}", ex);
        }

        if (xmax < xmin || ymax < ymin)
        {
            return null;
        }

        // Pixel-edge coordinates (models/README.md): the box covers every pixel a shape point falls in.
        var x0 = Math.Clamp((int)Math.Floor(xmin), 0, width - 1);
        var y0 = Math.Clamp((int)Math.Floor(ymin), 0, height - 1);
        var x1 = Math.Clamp((int)Math.Floor(xmax), 0, width - 1);
        var y1 = Math.Clamp((int)Math.Floor(ymax), 0, height - 1);
        return new LesionBox(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }
}
