using BoneTumorTutor.Accounts;

namespace BoneTumorTutor.Progress;

/// <summary>
/// One committed answer as progress sees it: osteosarcoma is the positive class, the confidence is the trainee's
/// probability of osteosarcoma (0–100), and the aided fields are set only when a second, AI-aided answer was given.
/// </summary>
public sealed record ProgressAnswer(
    Guid AttemptId,
    int CaseId,
    string CaseTitle,
    DateTime AnsweredAt,
    bool TruthIsOs,
    bool AnsweredOs,
    int Confidence,
    ExperienceBand Band,
    bool? AidedAnsweredOs = null,
    bool? ModelCalledOs = null)
{
    public bool IsCorrect => AnsweredOs == TruthIsOs;

    public bool? AidedCorrect => AidedAnsweredOs is { } aided ? aided == TruthIsOs : null;

    public bool? ModelCorrect => ModelCalledOs is { } call ? call == TruthIsOs : null;

    public bool? Switched => AidedAnsweredOs is { } aided ? aided != AnsweredOs : null;
}
