using BoneTumorTutor.Cases;
using BoneTumorTutor.Content;

namespace BoneTumorTutor.Authoring;

/// <summary>A problem with one field of an edited case, for the form to show beside that field.</summary>
public sealed record FieldProblem(string Field, string Message);

/// <summary>What the editor's form sends: every editable field of a case, not yet checked.</summary>
public sealed record CaseFields
{
    public string Slug { get; init; } = "";
    public string Title { get; init; } = "";
    public Diagnosis? Diagnosis { get; init; }
    public string ProvenBy { get; init; } = "";
    public int? Age { get; init; }
    public Sex? Sex { get; init; }
    public string Site { get; init; } = "";
    public string Side { get; init; } = "unknown";
    public string View { get; init; } = "AP";
    public LesionBox? LesionBox { get; init; }
    public string Source { get; init; } = "";
    public string License { get; init; } = "";
    public string Attribution { get; init; } = "";
    public bool Synthetic { get; init; }
    public string NotesMarkdown { get; init; } = "";

    public const int MaxNotesLength = 100_000;

    /// <summary>Every problem with the fields; the image's size checks the box when it is known.</summary>
    public IReadOnlyList<FieldProblem> Validate(int? imageWidth, int? imageHeight)
    {
        var problems = new List<FieldProblem>();
        if (!CaseFile.IsValidId(Slug))
        {
            problems.Add(new(nameof(Slug), "The id must be lower-case letters, digits and '-' (at most 80 characters), and must not hint at the diagnosis."));
        }

        if (string.IsNullOrWhiteSpace(Title) || Title.Length > 200)
        {
            problems.Add(new(nameof(Title), "Give a title of at most 200 characters (shown only after the reveal)."));
        }

        if (Diagnosis is null || !Enum.IsDefined(Diagnosis.Value))
        {
            problems.Add(new(nameof(Diagnosis), "Choose the proven diagnosis."));
        }

        if (!CaseVocabulary.ProofMethods.Contains(ProvenBy))
        {
            problems.Add(new(nameof(ProvenBy), "Choose how the diagnosis was proven."));
        }

        if (Age is null or < 0 or > 120)
        {
            problems.Add(new(nameof(Age), "Age must be a whole number of years from 0 to 120."));
        }

        if (Sex is null || !Enum.IsDefined(Sex.Value))
        {
            problems.Add(new(nameof(Sex), "Choose the patient's sex."));
        }

        if (!CaseVocabulary.Sites.Contains(Site))
        {
            problems.Add(new(nameof(Site), "Choose the site."));
        }

        if (!CaseVocabulary.Sides.Contains(Side))
        {
            problems.Add(new(nameof(Side), "Choose the side."));
        }

        if (!CaseVocabulary.Views.Contains(View))
        {
            problems.Add(new(nameof(View), "Choose the view."));
        }

        if (string.IsNullOrWhiteSpace(Source) || Source.Length > 1000)
        {
            problems.Add(new(nameof(Source), "Say where the image comes from (at most 1000 characters)."));
        }

        if (string.IsNullOrWhiteSpace(License) || License.Length > 500)
        {
            problems.Add(new(nameof(License), "Give the licence or terms of use (at most 500 characters)."));
        }

        if (Attribution.Length > 1000)
        {
            problems.Add(new(nameof(Attribution), "The attribution is longer than 1000 characters."));
        }

        if (string.IsNullOrWhiteSpace(NotesMarkdown))
        {
            problems.Add(new(nameof(NotesMarkdown), "Write the teaching notes (Markdown)."));
        }
        else if (NotesMarkdown.Length > MaxNotesLength)
        {
            problems.Add(new(nameof(NotesMarkdown), $"The teaching notes are longer than {MaxNotesLength:N0} characters."));
        }

        if (LesionBox is { } box)
        {
            if (box.Width <= 0 || box.Height <= 0 || box.X < 0 || box.Y < 0)
            {
                problems.Add(new(nameof(LesionBox), "The lesion box needs x, y ≥ 0 and a width and height above 0."));
            }
            else if (imageWidth is { } w && imageHeight is { } h && !box.FitsInside(w, h))
            {
                problems.Add(new(nameof(LesionBox), $"The lesion box {box} does not fit inside the {w}×{h} image."));
            }
        }

        return problems;
    }

    public static CaseFields Of(Case c) => new()
    {
        Slug = c.Slug,
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
        NotesMarkdown = c.NotesMarkdown,
    };

    /// <summary>Copies checked fields onto a case (not the slug, which is fixed once a case exists).</summary>
    public void ApplyTo(Case c)
    {
        c.Title = Title.Trim();
        c.Diagnosis = Diagnosis!.Value;
        c.ProvenBy = ProvenBy;
        c.Age = Age!.Value;
        c.Sex = Sex!.Value;
        c.Site = Site;
        c.Side = Side;
        c.View = View;
        c.LesionBox = LesionBox;
        c.Source = Source.Trim();
        c.License = License.Trim();
        c.Attribution = Attribution.Trim();
        c.Synthetic = Synthetic;
        c.NotesMarkdown = NotesMarkdown.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n') + "\n";
    }
}
