using System.Globalization;
using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Importing;

/// <summary>
/// An institution's own teaching file: a folder of images and a CSV manifest, one row per case, with the columns
/// <c>id, image, diagnosis, proven_by, age, sex, site</c> (required) and <c>side, view, box_x, box_y, box_width,
/// box_height, title, source, license, attribution, synthetic, notes_file</c> (optional). Values use the words of
/// content/README.md; <c>image</c> and <c>notes_file</c> are paths inside the folder.
/// </summary>
public static class FolderManifest
{
    public static readonly IReadOnlyList<string> RequiredColumns = ["id", "image", "diagnosis", "proven_by", "age", "sex", "site"];

    public static ImportSource Read(string directory, string manifestPath, string defaultSource, string defaultLicense)
    {
        var (header, records) = CsvRecords.Read(manifestPath);
        foreach (var column in RequiredColumns)
        {
            if (!header.Contains(column))
            {
                throw new ArgumentException($"{Path.GetFileName(manifestPath)} has no '{column}' column (required: {string.Join(", ", RequiredColumns)}).");
            }
        }

        var file = Path.GetFileName(manifestPath);
        var rows = records.Select(r => new ImportRow($"{file}:{r.Line}", "folder:" + r["id"], () => Prepare(directory, r, defaultSource, defaultLicense))).ToList();
        return new ImportSource($"folder {directory} with manifest {file}", rows, [], 0);
    }

    private static PreparedCase Prepare(string directory, CsvRecord r, string defaultSource, string defaultLicense)
    {
        if (!DiagnosisNames.TryParseKey(r["diagnosis"], out var diagnosis))
        {
            throw new ImportRowException($"unknown diagnosis '{r["diagnosis"]}' (use osteosarcoma or giant-cell-tumor)");
        }

        if (!CaseVocabulary.TryParseSex(r["sex"], out var sex))
        {
            throw new ImportRowException($"unknown sex '{r["sex"]}' (use male or female)");
        }

        int? Number(string column)
        {
            var text = r[column];
            if (text.Length == 0)
            {
                return null;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new ImportRowException($"column '{column}' must be a whole number, not '{text}'");
        }

        var box = new[] { Number("box_x"), Number("box_y"), Number("box_width"), Number("box_height") };
        if (box.Count(b => b is null) is > 0 and < 4)
        {
            throw new ImportRowException("give all four of box_x, box_y, box_width, box_height, or none");
        }

        var imagePath = Inside(directory, r["image"]) ?? throw new ImportRowException($"image '{r["image"]}' is not a file inside the folder");
        if (!File.Exists(imagePath))
        {
            throw new ImportRowException($"image file '{r["image"]}' is missing");
        }

        var notes = "";
        if (r["notes_file"].Length > 0)
        {
            var notesPath = Inside(directory, r["notes_file"]) ?? throw new ImportRowException($"notes_file '{r["notes_file"]}' is not a file inside the folder");
            notes = File.Exists(notesPath) ? File.ReadAllText(notesPath) : throw new ImportRowException($"notes file '{r["notes_file"]}' is missing");
        }

        var id = r["id"];
        var synthetic = r["synthetic"].ToLowerInvariant() switch
        {
            "" or "false" or "no" or "0" => false,
            "true" or "yes" or "1" => true,
            var other => throw new ImportRowException($"synthetic must be true or false, not '{other}'"),
        };
        var fields = new CaseFields
        {
            Slug = id,
            Title = r["title"].Length > 0 ? r["title"] : $"Case {id}",
            Diagnosis = diagnosis,
            ProvenBy = r["proven_by"],
            Age = Number("age"),
            Sex = sex,
            Site = r["site"],
            Side = r["side"].Length > 0 ? r["side"] : "unknown",
            View = r["view"].Length > 0 ? r["view"] : "AP",
            LesionBox = box[0] is { } x ? new LesionBox(x, box[1]!.Value, box[2]!.Value, box[3]!.Value) : null,
            Source = r["source"].Length > 0 ? r["source"] : defaultSource,
            License = r["license"].Length > 0 ? r["license"] : defaultLicense,
            Attribution = r["attribution"],
            Synthetic = synthetic,
            NotesMarkdown = notes.Length > 0 ? notes : $"""
                > **Imported case — teaching notes still to be written.** This case was imported from a teaching-file folder
                > ({Path.GetFileName(r["image"])}) and has no educator's notes yet. Review it and replace this text before publishing.

                ## Findings

                _To be written._
                """,
        };
        var problems = fields.Validate(null, null);
        if (problems.Count > 0)
        {
            throw new ImportRowException(string.Join(" ", problems.Select(p => p.Message)));
        }

        return new PreparedCase("folder:" + id, fields, File.ReadAllBytes(imagePath), Path.GetFileName(imagePath));
    }

    private static string? Inside(string directory, string relative)
    {
        if (string.IsNullOrWhiteSpace(relative))
        {
            return null;
        }

        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}
