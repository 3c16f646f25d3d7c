namespace BoneTumorTutor.Statistics;

/// <summary>A count of successes out of trials (accuracy, sensitivity, ...) with its Wilson score interval.</summary>
public sealed record Proportion
{
    public Proportion(int successes, int trials)
    {
        if (trials <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "A proportion needs at least one trial.");
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"Successes must lie between 0 and the {trials} trials.");
        }

        Successes = successes;
        Trials = trials;
    }

    public int Successes { get; }

    public int Trials { get; }

    public double Estimate => (double)Successes / Trials;

    /// <summary>The 95% Wilson score interval.</summary>
    public ConfidenceInterval Ci95 => Wilson.Interval(Successes, Trials);

    public ConfidenceInterval Interval(double confidenceLevel) => Wilson.Interval(Successes, Trials, confidenceLevel);
}

/// <summary>The Wilson score confidence interval for a binomial proportion.</summary>
public static class Wilson
{
    /// <summary>
    /// Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/>; it stays inside
    /// [0, 1] and, unlike the Wald interval, is not degenerate at 0/n or n/n.
    /// </summary>
    public static ConfidenceInterval Interval(int successes, int trials, double confidenceLevel = 0.95)
    {
        if (trials <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "A proportion needs at least one trial.");
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, $"Successes must lie between 0 and the {trials} trials.");
        }

        Distributions.CheckLevel(confidenceLevel);

        // Wilson EB (1927) J Am Stat Assoc 22:209-212; Newcombe RG (1998) Stat Med 17:857-872, method 3:
        //     (2 n p + z^2 -/+ z sqrt(z^2 + 4 n p q)) / (2 (n + z^2)),  p = x / n, q = 1 - p.
        double n = trials;
        var p = successes / n;
        var z = Distributions.NormalCritical(confidenceLevel);
        var z2 = z * z;
        var centre = 2 * n * p + z2;
        var spread = z * Math.Sqrt(z2 + 4 * n * p * (1 - p));
        var denominator = 2 * (n + z2);

        // At 0/n and n/n the formula's limit is exactly 0 or 1; pin it so rounding cannot leave 1e-17 behind.
        var lower = successes == 0 ? 0 : (centre - spread) / denominator;
        var upper = successes == trials ? 1 : (centre + spread) / denominator;
        return new ConfidenceInterval(lower, upper);
    }
}
