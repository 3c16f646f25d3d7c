using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Studies;

/// <summary>How a study's readers read each case: unaided only, or unaided then (after seeing the model) aided.</summary>
public enum StudyDesign
{
    /// <summary>The study's MRMC design: an unaided read is committed, then the model's output is shown, then an aided read.</summary>
    Sequential = 0,

    /// <summary>Unaided reads only; no model is involved.</summary>
    UnaidedOnly = 1,
}

/// <summary>
/// A multi-reader multi-case assessment: a fixed case set read by assigned readers before a deadline, unaided and
/// (in the sequential design) aided by one locked model. The case set and design lock when the first reader starts.
/// </summary>
public class ReaderStudy
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>Instructions to readers in Markdown; rendered only through <see cref="Content.TeachingNotes"/>.</summary>
    public string InstructionsMarkdown { get; set; } = "";

    public StudyDesign Design { get; set; }

    /// <summary>The model whose output aided reads see, fixed at creation (null for unaided-only studies).</summary>
    public string? ModelSha256 { get; set; }

    public string? ModelName { get; set; }

    /// <summary>The model card's threshold on p(OS) when the study was created; its call at that threshold is the model's call.</summary>
    public double? ModelThreshold { get; set; }

    /// <summary>Readings are refused after this instant (UTC); the study then counts as closed.</summary>
    public DateTime Deadline { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string CreatedByUserId { get; set; }

    /// <summary>When the first reader started; from then on the case set and design cannot change.</summary>
    public DateTime? LockedAt { get; set; }

    /// <summary>When a director or educator closed the study by hand (before its deadline).</summary>
    public DateTime? ClosedAt { get; set; }

    /// <summary>Seed of the random case choice when the case set was chosen by filters (recorded to make it reproducible).</summary>
    public int SelectionSeed { get; set; }

    public List<StudyCase> Cases { get; set; } = [];

    public List<StudyReader> Readers { get; set; } = [];

    public bool IsLocked => LockedAt is not null;

    /// <summary>Open while neither closed by hand nor past its deadline.</summary>
    public bool IsOpenAt(DateTime now) => ClosedAt is null && now <= Deadline;
}

/// <summary>A case in a study's fixed set, with its truth and the locked model's output as they were when the set was fixed.</summary>
public class StudyCase
{
    public int Id { get; set; }

    public int StudyId { get; set; }

    public ReaderStudy? Study { get; set; }

    public int CaseId { get; set; }

    public Case? Case { get; set; }

    /// <summary>Place in the set as chosen (readers each get their own random order).</summary>
    public int Position { get; set; }

    /// <summary>The proven diagnosis when the case set was fixed; the analysis uses this, not later edits.</summary>
    public Diagnosis Truth { get; set; }

    /// <summary>The locked model's probability of osteosarcoma (0–1), from its cached CasePrediction.</summary>
    public double? ModelProbability { get; set; }

    public Diagnosis? ModelCall { get; set; }

    /// <summary>True when the case was added because the locked model gets it wrong (automation-bias enrichment).</summary>
    public bool ModelErrorEnriched { get; set; }
}

/// <summary>A person assigned to read a study, with their experience when assigned and their recorded reading order.</summary>
public class StudyReader
{
    public int Id { get; set; }

    public int StudyId { get; set; }

    public ReaderStudy? Study { get; set; }

    public required string UserId { get; set; }

    public AppUser? User { get; set; }

    public int ExperienceYears { get; set; }

    public ExperienceBand Band { get; set; }

    /// <summary>Seed of this reader's shuffle of the case set; the resulting order is stored in <see cref="StudyRead.Sequence"/>.</summary>
    public int OrderSeed { get; set; }

    public DateTime AssignedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public List<StudyRead> Reads { get; set; } = [];
}

/// <summary>
/// One reader's reading of one study case: the unaided rating and, in the sequential design, the aided rating given
/// after seeing the model. Each rating is written once. Separate from practice attempts; truth is not shown until
/// the study closes.
/// </summary>
public class StudyRead
{
    public long Id { get; set; }

    /// <summary>Opaque id in the reading URLs.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();

    public int StudyReaderId { get; set; }

    public StudyReader? Reader { get; set; }

    public int StudyCaseId { get; set; }

    public StudyCase? StudyCase { get; set; }

    /// <summary>Position in this reader's random order (0-based).</summary>
    public int Sequence { get; set; }

    /// <summary>When the current phase (unaided or aided) was last put on screen; null while paused or not yet shown.</summary>
    public DateTime? OpenedAt { get; set; }

    /// <summary>Milliseconds already spent in the current phase before the last pause.</summary>
    public int ActiveMs { get; set; }

    public Diagnosis? UnaidedDiagnosis { get; set; }

    /// <summary>Unaided probability of osteosarcoma, 0–100.</summary>
    public int? UnaidedRating { get; set; }

    public DateTime? UnaidedAt { get; set; }

    public int? UnaidedMs { get; set; }

    public Diagnosis? AidedDiagnosis { get; set; }

    public int? AidedRating { get; set; }

    public DateTime? AidedAt { get; set; }

    public int? AidedMs { get; set; }
}
