using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Web.Features.Authoring;

/// <summary>The editor form as posted (multipart, with the optional radiograph).</summary>
public sealed class CaseInput
{
    public string? Slug { get; set; }
    public string? Title { get; set; }
    public Diagnosis? Diagnosis { get; set; }
    public string? ProvenBy { get; set; }
    public int? Age { get; set; }
    public Sex? Sex { get; set; }
    public string? Site { get; set; }
    public string? Side { get; set; }
    public string? View { get; set; }
    public int? BoxX { get; set; }
    public int? BoxY { get; set; }
    public int? BoxWidth { get; set; }
    public int? BoxHeight { get; set; }
    public string? Source { get; set; }
    public string? License { get; set; }
    public string? Attribution { get; set; }
    public bool Synthetic { get; set; }
    public string? NotesMarkdown { get; set; }

    /// <summary>The version of the case the form was opened on (optimistic concurrency).</summary>
    public int Version { get; set; }

    public IFormFile? Image { get; set; }

    public bool HasPartialBox =>
        new[] { BoxX, BoxY, BoxWidth, BoxHeight }.Count(v => v is not null) is > 0 and < 4;

    public CaseFields ToFields() => new()
    {
        Slug = Slug?.Trim() ?? "",
        Title = Title ?? "",
        Diagnosis = Diagnosis,
        ProvenBy = ProvenBy ?? "",
        Age = Age,
        Sex = Sex,
        Site = Site ?? "",
        Side = Side ?? "unknown",
        View = View ?? "AP",
        LesionBox = BoxX is { } x && BoxY is { } y && BoxWidth is { } w && BoxHeight is { } h ? new LesionBox(x, y, w, h) : null,
        Source = Source ?? "",
        License = License ?? "",
        Attribution = Attribution ?? "",
        Synthetic = Synthetic,
        NotesMarkdown = NotesMarkdown ?? "",
    };

    public static CaseInput From(CaseFields f, int version) => new()
    {
        Slug = f.Slug,
        Title = f.Title,
        Diagnosis = f.Diagnosis,
        ProvenBy = f.ProvenBy,
        Age = f.Age,
        Sex = f.Sex,
        Site = f.Site,
        Side = f.Side,
        View = f.View,
        BoxX = f.LesionBox?.X,
        BoxY = f.LesionBox?.Y,
        BoxWidth = f.LesionBox?.Width,
        BoxHeight = f.LesionBox?.Height,
        Source = f.Source,
        License = f.License,
        Attribution = f.Attribution,
        Synthetic = f.Synthetic,
        NotesMarkdown = f.NotesMarkdown,
        Version = version,
    };

    /// <summary>A new case starts with the notes scaffolding the demo cases use.</summary>
    public static CaseInput Blank() => new()
    {
        Side = "unknown",
        View = "AP",
        ProvenBy = "histopathology",
        Synthetic = false,
        NotesMarkdown = "## Findings\n\n## Discussion\n\n## Key discriminators\n",
    };
}
