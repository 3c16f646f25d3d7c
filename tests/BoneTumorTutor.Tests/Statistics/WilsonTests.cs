using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

public class WilsonTests
{
    // Newcombe RG (1998) Stat Med 17:857-872, Table II, method 3 (score interval without continuity correction).
    [Theory]
    [InlineData(81, 263, "0.2553", "0.3662")]
    [InlineData(15, 148, "0.0624", "0.1605")]
    [InlineData(0, 20, "0.0000", "0.1611")]
    [InlineData(1, 29, "0.0061", "0.1718")]
    public void Wilson_Matches_Newcombes_Worked_Examples(int successes, int trials, string lower, string upper)
    {
        var interval = Wilson.Interval(successes, trials);

        Printed.Equal(lower, interval.Lower);
        Printed.Equal(upper, interval.Upper);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(250)]
    public void None_Out_Of_N_Starts_At_Zero_And_All_Out_Of_N_Ends_At_One(int trials)
    {
        var z2 = 1.959963984540054 * 1.959963984540054;

        var none = Wilson.Interval(0, trials);
        var all = Wilson.Interval(trials, trials);

        // At x = 0 the score interval is [0, z^2 / (n + z^2)], and symmetrically at x = n.
        Assert.Equal(0, none.Lower);
        Assert.Equal(z2 / (trials + z2), none.Upper, 12);
        Assert.Equal(1, all.Upper);
        Assert.Equal(trials / (trials + z2), all.Lower, 12);
    }

    [Fact]
    public void Swapping_Successes_And_Failures_Mirrors_The_Interval()
    {
        var random = new Random(61);
        for (var i = 0; i < 200; i++)
        {
            var trials = random.Next(1, 500);
            var successes = random.Next(0, trials + 1);

            var interval = Wilson.Interval(successes, trials);
            var mirrored = Wilson.Interval(trials - successes, trials);

            Assert.Equal(1 - interval.Upper, mirrored.Lower, 12);
            Assert.Equal(1 - interval.Lower, mirrored.Upper, 12);
            Assert.InRange(interval.Lower, 0, (double)successes / trials);
            Assert.InRange(interval.Upper, (double)successes / trials, 1);
        }
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 10)]
    [InlineData(11, 10)]
    public void Impossible_Counts_Are_Rejected(int successes, int trials) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Wilson.Interval(successes, trials));

    [Fact]
    public void Proportion_Carries_Its_Estimate_And_Wilson_Interval()
    {
        var proportion = new Proportion(21, 29);

        Assert.Equal(21.0 / 29, proportion.Estimate, 15);
        Assert.Equal(Wilson.Interval(21, 29), proportion.Ci95);
        Assert.True(proportion.Interval(0.99).HalfWidth > proportion.Ci95.HalfWidth);
    }
}
