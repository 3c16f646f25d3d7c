namespace BoneTumorTutor.Cases;

/// <summary>Patient sex as recorded on a case.</summary>
public enum Sex
{
    Female = 0,
    Male = 1,
}

/// <summary>Where a case is in its life: only published cases reach trainees; retired cases keep their answers.</summary>
public enum CaseStatus
{
    Draft = 0,
    Published = 1,
    Retired = 2,
}

/// <summary>The controlled words a case's metadata may use (content files, editor, importer).</summary>
public static class CaseVocabulary
{
    public static readonly IReadOnlyList<string> Sites =
        ["distal femur", "proximal tibia", "proximal fibula", "femur", "tibia", "patella", "other"];

    public static readonly IReadOnlyList<string> Sides = ["left", "right", "unknown"];

    public static readonly IReadOnlyList<string> Views = ["AP", "lateral", "oblique"];

    public static readonly IReadOnlyList<string> ProofMethods =
        ["histopathology", "biopsy", "surgery", "expert-consensus", "synthetic"];

    public static bool IsFemur(string site) => site is "distal femur" or "femur";

    public static bool IsTibia(string site) => site is "proximal tibia" or "tibia";

    public static string SexKey(Sex sex) => sex == Sex.Male ? "male" : "female";

    public static bool TryParseSex(string? value, out Sex sex)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "male" or "m":
                sex = Sex.Male;
                return true;
            case "female" or "f":
                sex = Sex.Female;
                return true;
            default:
                sex = default;
                return false;
        }
    }

    public static string StatusKey(CaseStatus status) => status.ToString().ToLowerInvariant();

    public static bool TryParseStatus(string? value, out CaseStatus status) =>
        Enum.TryParse(value?.Trim(), ignoreCase: true, out status) && Enum.IsDefined(status);
}
