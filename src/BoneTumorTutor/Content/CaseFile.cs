using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BoneTumorTutor.Cases;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace BoneTumorTutor.Content;

/// <summary>A problem found in a content file, located by file and line.</summary>
public sealed record ContentProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>A case as its <c>case.md</c> describes it: front matter fields and the Markdown teaching notes.</summary>
public sealed record CaseDocument
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required Diagnosis Diagnosis { get; init; }
    public required string ProvenBy { get; init; }
    public required int Age { get; init; }
    public required Sex Sex { get; init; }
    public required string Site { get; init; }
    public string Side { get; init; } = "unknown";
    public string View { get; init; } = "AP";
    public required string ImageFile { get; init; }
    public LesionBox? LesionBox { get; init; }
    public required string Source { get; init; }
    public required string License { get; init; }
    public string Attribution { get; init; } = "";
    public required bool Synthetic { get; init; }
    public CaseStatus Status { get; init; } = CaseStatus.Published;
    public required string NotesMarkdown { get; init; }
}

/// <summary>Reads and writes <c>case.md</c>: YAML front matter between <c>---</c> lines, then Markdown.</summary>
public static partial class CaseFile
{
    public const string FileName = "case.md";

    private static readonly string[] KnownKeys =
    [
        "id", "title", "diagnosis", "proven_by", "age", "sex", "site", "side", "view", "image", "lesion_box",
        "source", "license", "licence", "attribution", "synthetic", "status",
    ];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,79}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._ -]{0,199}$")]
    private static partial Regex ImageNamePattern();

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>Parses a case file; returns the document, or every problem found (with 1-based line numbers).</summary>
    public static (CaseDocument? Document, IReadOnlyList<ContentProblem> Problems) Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<ContentProblem>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            problems.Add(new(file, 1, "the file must start with a '---' line that opens the YAML front matter"));
            return (null, problems);
        }

        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (close < 0)
        {
            problems.Add(new(file, lines.Length, "the YAML front matter is not closed by a '---' line"));
            return (null, problems);
        }

        var yaml = string.Join('\n', lines[1..close]);
        var notes = string.Join('\n', lines[(close + 1)..]).Trim('\n') + "\n";
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                problems.Add(new(file, 2, "the front matter must be a YAML mapping of 'key: value' lines"));
                return (null, problems);
            }

            root = mapping;
        }
        catch (YamlException ex)
        {
            // Front matter starts on line 2 of the file.
            problems.Add(new(file, (int)ex.Start.Line + 1, $"invalid YAML: {ex.InnerException?.Message ?? ex.Message}"));
            return (null, problems);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet throws this (without a position) for some unterminated flow collections.
            problems.Add(new(file, UnbalancedLine(lines, close), "invalid YAML: an unclosed bracket, brace or quote"));
            return (null, problems);
        }

        var fields = new Dictionary<string, (YamlNode Node, int Line)>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in root.Children)
        {
            var line = (int)keyNode.Start.Line + 1;
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!KnownKeys.Contains(key))
            {
                problems.Add(new(file, line, $"unknown field '{key}' (known fields: {string.Join(", ", KnownKeys)})"));
                continue;
            }

            if (!fields.TryAdd(key == "licence" ? "license" : key, (valueNode, line)))
            {
                problems.Add(new(file, line, $"field '{key}' appears twice"));
            }
        }

        var reader = new FieldReader(file, fields, problems);
        var id = reader.Required("id");
        if (id is not null && !IsValidId(id))
        {
            reader.Problem("id", $"id '{id}' must be lower-case letters, digits and '-' (at most 80 characters)");
        }

        var diagnosisText = reader.Required("diagnosis");
        Diagnosis diagnosis = default;
        if (diagnosisText is not null && !DiagnosisNames.TryParseKey(diagnosisText, out diagnosis))
        {
            reader.Problem("diagnosis", $"unknown diagnosis '{diagnosisText}' (use '{DiagnosisNames.OsteosarcomaKey}' or '{DiagnosisNames.GiantCellTumorKey}')");
        }

        var provenBy = reader.OneOf("proven_by", CaseVocabulary.ProofMethods, required: true);
        var age = reader.Integer("age", 0, 120);
        var sexText = reader.Required("sex");
        Sex sex = default;
        if (sexText is not null && !CaseVocabulary.TryParseSex(sexText, out sex))
        {
            reader.Problem("sex", $"unknown sex '{sexText}' (use 'male' or 'female')");
        }

        var site = reader.OneOf("site", CaseVocabulary.Sites, required: true);
        var side = reader.OneOf("side", CaseVocabulary.Sides, required: false) ?? "unknown";
        var view = reader.OneOf("view", CaseVocabulary.Views, required: false) ?? "AP";
        var image = reader.Required("image");
        if (image is not null && (!ImageNamePattern().IsMatch(image) || image.Contains("..", StringComparison.Ordinal)))
        {
            reader.Problem("image", $"image '{image}' must be a plain file name in the case folder");
        }
        else if (image is not null && !HasImageExtension(image))
        {
            reader.Problem("image", $"image '{image}' must be a .png, .jpg or .jpeg file");
        }

        var box = reader.Box("lesion_box");
        var source = reader.Required("source");
        var license = reader.Required("license");
        var attribution = reader.Optional("attribution") ?? "";
        var synthetic = reader.Boolean("synthetic");
        var statusText = reader.Optional("status");
        var status = CaseStatus.Published;
        if (statusText is not null && !CaseVocabulary.TryParseStatus(statusText, out status))
        {
            reader.Problem("status", $"unknown status '{statusText}' (use draft, published or retired)");
        }

        var title = reader.Optional("title");
        if (string.IsNullOrWhiteSpace(notes))
        {
            problems.Add(new(file, close + 2, "the teaching notes (Markdown after the front matter) are empty"));
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        return (new CaseDocument
        {
            Id = id!,
            Title = string.IsNullOrWhiteSpace(title) ? $"Case {id}" : title,
            Diagnosis = diagnosis,
            ProvenBy = provenBy!,
            Age = age!.Value,
            Sex = sex,
            Site = site!,
            Side = side,
            View = view,
            ImageFile = image!,
            LesionBox = box,
            Source = source!,
            License = license!,
            Attribution = attribution,
            Synthetic = synthetic!.Value,
            Status = status,
            NotesMarkdown = notes,
        }, problems);
    }

    /// <summary>Writes a document back to <c>case.md</c> text that <see cref="Parse"/> reads to an equal document.</summary>
    public static string Write(CaseDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var map = new YamlMappingNode
        {
            { "id", document.Id },
            { "title", document.Title },
            { "diagnosis", document.Diagnosis.Key() },
            { "proven_by", document.ProvenBy },
            { "age", document.Age.ToString(CultureInfo.InvariantCulture) },
            { "sex", CaseVocabulary.SexKey(document.Sex) },
            { "site", document.Site },
            { "side", document.Side },
            { "view", document.View },
            { "image", document.ImageFile },
        };
        if (document.LesionBox is { } b)
        {
            map.Add("lesion_box", new YamlSequenceNode(
                new YamlScalarNode(b.X.ToString(CultureInfo.InvariantCulture)),
                new YamlScalarNode(b.Y.ToString(CultureInfo.InvariantCulture)),
                new YamlScalarNode(b.Width.ToString(CultureInfo.InvariantCulture)),
                new YamlScalarNode(b.Height.ToString(CultureInfo.InvariantCulture)))
            { Style = YamlDotNet.Core.Events.SequenceStyle.Flow });
        }

        map.Add("source", document.Source);
        map.Add("license", document.License);
        map.Add("attribution", document.Attribution);
        map.Add("synthetic", document.Synthetic ? "true" : "false");
        map.Add("status", CaseVocabulary.StatusKey(document.Status));

        var yaml = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(map)).Save(yaml, assignAnchors: false);
        var frontMatter = yaml.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', '.', ' ').TrimEnd('\n');
        var builder = new StringBuilder();
        builder.Append("---\n").Append(frontMatter).Append("\n---\n").Append(document.NotesMarkdown.Trim('\n')).Append('\n');
        return builder.ToString();
    }

    private static int UnbalancedLine(string[] lines, int close)
    {
        for (var i = 1; i < close; i++)
        {
            var line = lines[i];
            if (line.Count(ch => ch == '[') != line.Count(ch => ch == ']')
                || line.Count(ch => ch == '{') != line.Count(ch => ch == '}')
                || line.Count(ch => ch == '"') % 2 == 1)
            {
                return i + 1;
            }
        }

        return 2;
    }

    public static bool HasImageExtension(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".png" or ".jpg" or ".jpeg";

    private sealed class FieldReader(string file, Dictionary<string, (YamlNode Node, int Line)> fields, List<ContentProblem> problems)
    {
        public void Problem(string key, string message) =>
            problems.Add(new(file, fields.TryGetValue(key, out var f) ? f.Line : 2, message));

        public string? Optional(string key)
        {
            if (!fields.TryGetValue(key, out var field))
            {
                return null;
            }

            if (field.Node is not YamlScalarNode scalar)
            {
                problems.Add(new(file, field.Line, $"field '{key}' must be a single value"));
                return null;
            }

            return scalar.Value?.Trim();
        }

        public string? Required(string key)
        {
            if (!fields.ContainsKey(key))
            {
                problems.Add(new(file, 2, $"required field '{key}' is missing"));
                return null;
            }

            var value = Optional(key);
            if (string.IsNullOrWhiteSpace(value))
            {
                Problem(key, $"field '{key}' is empty");
                return null;
            }

            return value;
        }

        public string? OneOf(string key, IReadOnlyList<string> allowed, bool required)
        {
            var value = required ? Required(key) : Optional(key);
            if (value is null)
            {
                return null;
            }

            var match = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                Problem(key, $"unknown {key.Replace('_', ' ')} '{value}' (use one of: {string.Join(", ", allowed)})");
            }

            return match;
        }

        public int? Integer(string key, int min, int max)
        {
            var value = Required(key);
            if (value is null)
            {
                return null;
            }

            if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                Problem(key, $"field '{key}' must be a whole number from {min} to {max}, not '{value}'");
                return null;
            }

            return number;
        }

        public bool? Boolean(string key)
        {
            var value = Required(key);
            switch (value?.ToLowerInvariant())
            {
                case null:
                    return null;
                case "true" or "yes":
                    return true;
                case "false" or "no":
                    return false;
                default:
                    Problem(key, $"field '{key}' must be true or false, not '{value}'");
                    return null;
            }
        }

        public LesionBox? Box(string key)
        {
            if (!fields.TryGetValue(key, out var field))
            {
                return null;
            }

            if (field.Node is not YamlSequenceNode sequence || sequence.Children.Count != 4)
            {
                Problem(key, "lesion_box must be a list of four whole numbers: [x, y, width, height]");
                return null;
            }

            var numbers = new int[4];
            for (var i = 0; i < 4; i++)
            {
                if (sequence.Children[i] is not YamlScalarNode { Value: { } text }
                    || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[i])
                    || numbers[i] < 0)
                {
                    Problem(key, "lesion_box must be a list of four whole numbers ≥ 0: [x, y, width, height]");
                    return null;
                }
            }

            if (numbers[2] == 0 || numbers[3] == 0)
            {
                Problem(key, "lesion_box width and height must be greater than 0");
                return null;
            }

            return new LesionBox(numbers[0], numbers[1], numbers[2], numbers[3]);
        }
    }
}
