namespace BoneTumorTutor.Statistics;

/// <summary>A two-sided confidence interval: lower and upper limit.</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>Half the width; for a symmetric interval the margin of error.</summary>
    public double HalfWidth => (Upper - Lower) / 2;

    public bool Contains(double value) => value >= Lower && value <= Upper;
}
