using System.ComponentModel.DataAnnotations;

namespace BoneTumorTutor.Accounts;

/// <summary>Experience bands of the study's reader groups.</summary>
public enum ExperienceBand
{
    Junior = 0,
    Intermediate = 1,
    Senior = 2,
}

/// <summary>Where the bands start and end, in years of MSK reading (configuration section "Experience").</summary>
public sealed class ExperienceOptions
{
    public const string Section = "Experience";

    /// <summary>Junior is at most this many years (the study: ≤ 5).</summary>
    [Range(0, 60)]
    public int JuniorMaxYears { get; set; } = 5;

    /// <summary>Intermediate is above junior and at most this many years (the study: 6–10); senior is above.</summary>
    [Range(0, 60)]
    public int IntermediateMaxYears { get; set; } = 10;

    public ExperienceBand BandFor(int years) =>
        years <= JuniorMaxYears ? ExperienceBand.Junior
        : years <= IntermediateMaxYears ? ExperienceBand.Intermediate
        : ExperienceBand.Senior;

    public string Describe(ExperienceBand band) => band switch
    {
        ExperienceBand.Junior => $"Junior (≤ {JuniorMaxYears} years)",
        ExperienceBand.Intermediate => $"Intermediate ({JuniorMaxYears + 1}–{IntermediateMaxYears} years)",
        _ => $"Senior (> {IntermediateMaxYears} years)",
    };
}

/// <summary>How a person states their training at registration, mapped to years of MSK reading.</summary>
public enum TrainingStage
{
    Resident = 0,
    Fellow = 1,
    Radiologist = 2,
}

public static class TrainingLevels
{
    /// <summary>Residency year N counts as N years of reading; fellows and radiologists give their years directly.</summary>
    public static int YearsFor(TrainingStage stage, int value) => stage == TrainingStage.Resident
        ? Math.Clamp(value, 1, 7)
        : Math.Clamp(value, 0, 60);

    public static string Describe(TrainingStage stage, int value) => stage switch
    {
        TrainingStage.Resident => $"Resident, year {value}",
        TrainingStage.Fellow => $"Fellow, {value} years of MSK reading",
        _ => $"Radiologist, {value} years of MSK reading",
    };
}
