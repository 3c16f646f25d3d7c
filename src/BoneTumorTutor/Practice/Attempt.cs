using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Practice;

/// <summary>
/// One presentation of a case to a trainee and, once committed, their unaided answer. A trainee has at most one
/// open (unanswered) attempt; the answer is written once and never changed.
/// </summary>
public class Attempt
{
    public long Id { get; set; }

    /// <summary>Opaque id in the practice URLs.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();

    public required string UserId { get; set; }

    public int CaseId { get; set; }

    public Case? Case { get; set; }

    public DateTime PresentedAt { get; set; }

    public Diagnosis? Answer { get; set; }

    /// <summary>The trainee's probability of osteosarcoma, 0–100.</summary>
    public int? Confidence { get; set; }

    public DateTime? AnsweredAt { get; set; }

    /// <summary>Milliseconds from presentation to answer, as the server saw them.</summary>
    public int? TimeOnCaseMs { get; set; }

    /// <summary>The proven diagnosis when the answer was committed.</summary>
    public Diagnosis? Truth { get; set; }

    public bool? IsCorrect { get; set; }

    /// <summary>The trainee's years of MSK reading when they answered, and the band those years gave.</summary>
    public int? ExperienceYears { get; set; }

    public ExperienceBand? Band { get; set; }

    /// <summary>The optional second, AI-aided answer given after seeing the model (the study's sequential read).</summary>
    public Diagnosis? AidedAnswer { get; set; }

    public int? AidedConfidence { get; set; }

    public DateTime? AidedAt { get; set; }

    /// <summary>The model output the trainee saw before the aided answer: probability of osteosarcoma (0–1) and call.</summary>
    public double? ModelProbability { get; set; }

    public Diagnosis? ModelCall { get; set; }

    /// <summary>SHA-256 of the ONNX file that produced <see cref="ModelProbability"/>.</summary>
    public string? ModelSha256 { get; set; }

    public bool IsAnswered => AnsweredAt is not null;

    /// <summary>True when the aided answer differs from the unaided one.</summary>
    public bool? Switched => AidedAnswer is null || Answer is null ? null : AidedAnswer != Answer;

    /// <summary>True when the model's call matched the proven diagnosis.</summary>
    public bool? ModelCorrect => ModelCall is null || Truth is null ? null : ModelCall == Truth;
}
