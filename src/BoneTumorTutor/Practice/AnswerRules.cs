using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Practice;

/// <summary>What makes an answer well-formed: a diagnosis, and a probability of osteosarcoma on the same side of 50.</summary>
public static class AnswerRules
{
    public const int MinConfidence = 0;
    public const int MaxConfidence = 100;

    /// <summary>Returns null when the answer is acceptable, else a message for the trainee.</summary>
    public static string? Validate(Diagnosis? diagnosis, int? confidence)
    {
        if (diagnosis is null || !Enum.IsDefined(diagnosis.Value))
        {
            return "Choose a diagnosis: osteosarcoma or giant cell tumour.";
        }

        if (confidence is null or < MinConfidence or > MaxConfidence)
        {
            return "Give your probability of osteosarcoma from 0 to 100.";
        }

        return diagnosis switch
        {
            Diagnosis.Osteosarcoma when confidence < 50 =>
                "You chose osteosarcoma but gave it a probability below 50%. Move the slider to 50 or above, or change the diagnosis.",
            Diagnosis.GiantCellTumor when confidence > 50 =>
                "You chose giant cell tumour but gave osteosarcoma a probability above 50%. Move the slider to 50 or below, or change the diagnosis.",
            _ => null,
        };
    }
}
