using System.Globalization;
using System.Text.Json;
using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Authoring;

/// <summary>A field that changed between two revisions, with its value before and after (as shown to educators).</summary>
public sealed record FieldChange(string Field, string? Before, string? After);

/// <summary>Everything an educator can change on a case, as one value: what a revision stores and restores.</summary>
public sealed record CaseSnapshot
{
    public required string Title { get; init; }
    public required Diagnosis Diagnosis { get; init; }
    public required string ProvenBy { get; init; }
    public required int Age { get; init; }
    public required Sex Sex { get; init; }
    public required string Site { get; init; }
    public required string Side { get; init; }
    public required string View { get; init; }
    public LesionBox? LesionBox { get; init; }
    public required string Source { get; init; }
    public required string License { get; init; }
    public required string Attribution { get; init; }
    public required bool Synthetic { get; init; }
    public required CaseStatus Status { get; init; }
    public required string NotesMarkdown { get; init; }
    /// <summary>The radiograph by content hash (image rows are never deleted, so a revision's image can come back).</summary>
    public string? ImageSha256 { get; init; }

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static CaseSnapshot Of(Case c) => new()
    {
        Title = c.Title,
        Diagnosis = c.Diagnosis,
        ProvenBy = c.ProvenBy,
        Age = c.Age,
        Sex = c.Sex,
        Site = c.Site,
        Side = c.Side,
        View = c.View,
        LesionBox = c.LesionBox,
        Source = c.Source,
        License = c.License,
        Attribution = c.Attribution,
        Synthetic = c.Synthetic,
        Status = c.Status,
        NotesMarkdown = c.NotesMarkdown,
        ImageSha256 = c.Image?.Sha256,
    };

    /// <summary>Puts this state back on a case (the caller puts the image back).</summary>
    public void ApplyTo(Case c)
    {
        c.Title = Title;
        c.Diagnosis = Diagnosis;
        c.ProvenBy = ProvenBy;
        c.Age = Age;
        c.Sex = Sex;
        c.Site = Site;
        c.Side = Side;
        c.View = View;
        c.LesionBox = LesionBox;
        c.Source = Source;
        c.License = License;
        c.Attribution = Attribution;
        c.Synthetic = Synthetic;
        c.Status = Status;
        c.NotesMarkdown = NotesMarkdown;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static CaseSnapshot FromJson(string json) =>
        JsonSerializer.Deserialize<CaseSnapshot>(json, Json) ?? throw new InvalidOperationException("empty revision snapshot");

    /// <summary>The fields that differ from <paramref name="before"/> (every field when there is no earlier state).</summary>
    public IReadOnlyList<FieldChange> ChangesFrom(CaseSnapshot? before)
    {
        var changes = new List<FieldChange>();
        foreach (var (field, value) in Fields())
        {
            var old = before?.Fields().First(f => f.Field == field).Value;
            if (before is null || !string.Equals(old, value, StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, old, value));
            }
        }

        return changes;
    }

    private IEnumerable<(string Field, string? Value)> Fields()
    {
        yield return ("title", Title);
        yield return ("diagnosis", Diagnosis.Key());
        yield return ("proven_by", ProvenBy);
        yield return ("age", Age.ToString(CultureInfo.InvariantCulture));
        yield return ("sex", CaseVocabulary.SexKey(Sex));
        yield return ("site", Site);
        yield return ("side", Side);
        yield return ("view", View);
        yield return ("lesion_box", LesionBox?.ToString());
        yield return ("source", Source);
        yield return ("license", License);
        yield return ("attribution", Attribution);
        yield return ("synthetic", Synthetic ? "true" : "false");
        yield return ("status", CaseVocabulary.StatusKey(Status));
        yield return ("notes", NotesMarkdown);
        yield return ("image", ImageSha256 is null ? null : "sha256 " + ImageSha256[..Math.Min(12, ImageSha256.Length)]);
    }

    public static string ChangesToJson(IReadOnlyList<FieldChange> changes) => JsonSerializer.Serialize(changes, Json);

    public static IReadOnlyList<FieldChange> ChangesFromJson(string json) =>
        JsonSerializer.Deserialize<List<FieldChange>>(json, Json) ?? [];
}
