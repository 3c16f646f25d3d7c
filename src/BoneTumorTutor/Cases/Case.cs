namespace BoneTumorTutor.Cases;

/// <summary>A curated teaching case: a radiograph, its proven diagnosis, clinical data and teaching notes.</summary>
public class Case
{
    public int Id { get; set; }

    /// <summary>Stable content id (the folder name under content/cases); never shown to a trainee before the reveal.</summary>
    public required string Slug { get; set; }

    /// <summary>Opaque id used in every URL a trainee sees.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();

    public CaseStatus Status { get; set; } = CaseStatus.Published;

    public required string Title { get; set; }

    public Diagnosis Diagnosis { get; set; }

    public required string ProvenBy { get; set; }

    public int Age { get; set; }

    public Sex Sex { get; set; }

    public required string Site { get; set; }

    public required string Side { get; set; }

    public required string View { get; set; }

    public LesionBox? LesionBox { get; set; }

    public required string Source { get; set; }

    public required string License { get; set; }

    public required string Attribution { get; set; }

    public bool Synthetic { get; set; }

    public required string NotesMarkdown { get; set; }

    /// <summary>SHA-256 of the files the case was last synced from; unchanged content is not rewritten.</summary>
    public string? ContentHash { get; set; }

    public int? ImageId { get; set; }

    public CaseImage? Image { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Where the case came from: a content folder, the in-app editor, or an import.</summary>
    public CaseOrigin Origin { get; set; } = CaseOrigin.Content;

    /// <summary>When an educator last saved the case in the app; content sync does not overwrite such a case unless forced.</summary>
    public DateTime? EditedInAppAt { get; set; }

    /// <summary>Stable key of the imported record (e.g. "btxrd:IMG000123"); a re-run of the import updates this case.</summary>
    public string? ImportKey { get; set; }

    /// <summary>Grows with every save; two editors of one case cannot overwrite each other's work.</summary>
    public int Version { get; set; }
}

/// <summary>Where a case was first made.</summary>
public enum CaseOrigin
{
    Content = 0,
    Editor = 1,
    Import = 2,
}

/// <summary>A case's radiograph: the original file as authored, and a metadata-free PNG that is what browsers get.</summary>
public class CaseImage
{
    public int Id { get; set; }

    /// <summary>Opaque id in the image URL; a new image gets a new id.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();

    public required string OriginalFileName { get; set; }

    public required string OriginalContentType { get; set; }

    public required byte[] OriginalBytes { get; set; }

    public required byte[] DisplayPng { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    public required string Sha256 { get; set; }
}
