using System.ComponentModel.DataAnnotations;
using BoneTumorTutor.Accounts;

namespace BoneTumorTutor.Progress;

/// <summary>Group accuracies published by the study (Shao et al., Insights into Imaging 2024), drawn as reference lines.</summary>
public static class StudyReference
{
    public const double JuniorAccuracy = 0.724;
    public const double IntermediateAccuracy = 0.888;
    public const double SeniorAccuracy = 0.871;
    public const double ModelAccuracy = 0.931;
    public const double AidedJuniorAccuracy = 0.914;

    public static double AccuracyFor(ExperienceBand band) => band switch
    {
        ExperienceBand.Junior => JuniorAccuracy,
        ExperienceBand.Intermediate => IntermediateAccuracy,
        _ => SeniorAccuracy,
    };
}

/// <summary>How progress is summarised and when a learner counts as behind (configuration section "Progress").</summary>
public sealed class ProgressOptions
{
    public const string Section = "Progress";

    /// <summary>Answers in each point of the learning curve's rolling accuracy.</summary>
    [Range(5, 500)]
    public int RollingWindow { get; set; } = 20;

    /// <summary>Cases of each class needed before a DeLong interval for the AUC is given (DeLong needs at least 2).</summary>
    [Range(2, 1000)]
    public int MinimumPerClassForAucInterval { get; set; } = 10;

    /// <summary>A mistake is "confident" when the probability of osteosarcoma was at least this far from 50 (e.g. 30: ≥ 80 or ≤ 20).</summary>
    [Range(1, 50)]
    public int ConfidentMistakeMargin { get; set; } = 30;

    /// <summary>Peers need this many answers in the band to count in the peer comparison.</summary>
    [Range(1, 10_000)]
    public int MinimumAnswersForPeer { get; set; } = 10;

    /// <summary>
    /// The "behind" rule: a learner with at least this many answers in their current band is behind when the upper end
    /// of the 95% Wilson interval of their accuracy in that band is below the band's expected accuracy minus
    /// <see cref="BehindTolerance"/> — their accuracy is clearly, not just by chance, below the expectation.
    /// </summary>
    [Range(1, 10_000)]
    public int BehindMinimumAnswers { get; set; } = 30;

    /// <summary>Accuracy points (0–1) a learner may fall short of the expectation before being flagged.</summary>
    [Range(0.0, 0.5)]
    public double BehindTolerance { get; set; }

    /// <summary>Expected accuracy per band (0–1); the defaults are the study's unaided group accuracies.</summary>
    [Range(0.0, 1.0)]
    public double JuniorExpectedAccuracy { get; set; } = StudyReference.JuniorAccuracy;

    [Range(0.0, 1.0)]
    public double IntermediateExpectedAccuracy { get; set; } = StudyReference.IntermediateAccuracy;

    [Range(0.0, 1.0)]
    public double SeniorExpectedAccuracy { get; set; } = StudyReference.SeniorAccuracy;

    public double ExpectedAccuracy(ExperienceBand band) => band switch
    {
        ExperienceBand.Junior => JuniorExpectedAccuracy,
        ExperienceBand.Intermediate => IntermediateExpectedAccuracy,
        _ => SeniorExpectedAccuracy,
    };

    /// <summary>True when <paramref name="answered"/>/<paramref name="correct"/> in band <paramref name="band"/> is behind by the rule above.</summary>
    public bool IsBehind(ExperienceBand band, int answered, int correct) =>
        answered >= BehindMinimumAnswers
        && new Statistics.Proportion(correct, answered).Ci95.Upper < ExpectedAccuracy(band) - BehindTolerance;

    public string DescribeBehindRule() =>
        $"at least {BehindMinimumAnswers} answers in their current band, and the upper end of the 95% Wilson interval of their accuracy in that band "
        + (BehindTolerance > 0 ? $"more than {BehindTolerance * 100:0.#} points " : "")
        + "below the band's expected accuracy";
}
