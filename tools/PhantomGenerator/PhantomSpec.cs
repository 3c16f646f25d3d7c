namespace BoneTumorTutor.PhantomGenerator;

public enum PhantomDiagnosis
{
    GiantCellTumor,
    Osteosarcoma,
}

public enum PatientSex
{
    Female,
    Male,
}

public enum KneeSide
{
    Left,
    Right,
}

public enum BoneSite
{
    DistalFemur,
    ProximalTibia,
}

/// <summary>Where across the bone's width the lesion is centred, in anatomical terms.</summary>
public enum LesionPosition
{
    Medial,
    Central,
    Lateral,
}

[Flags]
public enum PeriostealReaction
{
    None = 0,
    CodmanTriangle = 1,
    Sunburst = 2,
    Lamellated = 4,
}

/// <summary>
/// Everything that decides one synthetic teaching phantom: the case number (which fixes its id and
/// the seed of its textures), the clinical data and the lesion's radiographic features.
/// </summary>
public sealed record PhantomSpec(
    int Number,
    PhantomDiagnosis Diagnosis,
    int Age,
    PatientSex Sex,
    KneeSide Side,
    BoneSite Site,
    LesionPosition Position,
    int LesionWidthMm,
    int LesionHeightMm,
    PeriostealReaction Periosteal = PeriostealReaction.None,
    bool SoftTissueMass = false,
    bool OsteoidMatrix = false,
    bool SoapBubble = false,
    bool CorticalExpansion = false)
{
    /// <summary>Growth plates are drawn open below this age (a simplification: real closure varies).</summary>
    public const int PhysisClosesAtAge = 18;

    public string Id => $"phantom-{Number:00}";

    public string Title => $"Synthetic phantom {Number:00}";

    /// <summary>Seed of the textures and noise; derived from the number only, so it says nothing of the diagnosis.</summary>
    public ulong Seed => 100 + (ulong)Number;

    public bool OpenPhysis => Age < PhysisClosesAtAge;
}
