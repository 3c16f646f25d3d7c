namespace BoneTumorTutor.Cases;

/// <summary>The two tumours the product teaches to tell apart.</summary>
public enum Diagnosis
{
    GiantCellTumor = 0,
    Osteosarcoma = 1,
}
