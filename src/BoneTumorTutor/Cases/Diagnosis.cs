namespace BoneTumorTutor.Cases;

/// <summary>The two tumours the product teaches to tell apart; osteosarcoma is the positive class.</summary>
public enum Diagnosis
{
    GiantCellTumor = 0,
    Osteosarcoma = 1,
}

/// <summary>Names of a diagnosis in content files and on pages.</summary>
public static class DiagnosisNames
{
    public const string OsteosarcomaKey = "osteosarcoma";
    public const string GiantCellTumorKey = "giant-cell-tumor";

    public static string Key(this Diagnosis diagnosis) => diagnosis switch
    {
        Diagnosis.Osteosarcoma => OsteosarcomaKey,
        _ => GiantCellTumorKey,
    };

    public static string DisplayName(this Diagnosis diagnosis) => diagnosis switch
    {
        Diagnosis.Osteosarcoma => "Osteosarcoma",
        _ => "Giant cell tumour of bone",
    };

    public static string ShortName(this Diagnosis diagnosis) => diagnosis switch
    {
        Diagnosis.Osteosarcoma => "OS",
        _ => "GCT",
    };

    public static bool TryParseKey(string? value, out Diagnosis diagnosis)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case OsteosarcomaKey:
                diagnosis = Diagnosis.Osteosarcoma;
                return true;
            case GiantCellTumorKey:
                diagnosis = Diagnosis.GiantCellTumor;
                return true;
            default:
                diagnosis = default;
                return false;
        }
    }
}
