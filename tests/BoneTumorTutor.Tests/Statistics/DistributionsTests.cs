using BoneTumorTutor.Statistics;
using MathNet.Numerics;

namespace BoneTumorTutor.Tests.Statistics;

public sealed class DistributionsTests
{
    private static double TwoSidedTail(double t, double df) => SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    [InlineData(0.7)]
    [InlineData(1)]
    [InlineData(1.0001)]
    [InlineData(3.5)]
    [InlineData(30)]
    [InlineData(5000)]
    public void The_T_Critical_Value_Leaves_Exactly_The_Requested_Two_Sided_Tail(double df)
    {
        foreach (var level in new[] { 0.9, 0.95, 0.99 })
        {
            var t = Distributions.StudentTCritical(level, df);
            Assert.True(double.IsFinite(t), $"df {df}: {t}");
            Assert.Equal(1 - level, TwoSidedTail(t, df), 1e-10);
        }
    }

    [Fact]
    public void Huge_Degrees_Of_Freedom_Approach_The_Normal_Instead_Of_Failing()
    {
        // Hillis's ddf is (MS(T*R) + ...)^2 / MS(T*R)^2: when MS(T*R) is rounding noise it is 1e20 or more.
        var z = Distributions.NormalCritical(0.95);
        var previous = double.PositiveInfinity;
        foreach (var df in new[] { 10.0, 1e3, 99_999, 1e5, 1e6, 1e9, 1e12, 1e15, 1e20, 1e300 })
        {
            var t = Distributions.StudentTCritical(0.95, df);
            Assert.True(df > 1e12 ? t >= z && t <= previous : t > z && t < previous, $"df {df}: {t}");
            Assert.Equal(z + (z * z * z + z) / (4 * df), t, Math.Max(1e-12, 5.0 / (df * df)));
            previous = t;
        }

        Assert.Equal(z, Distributions.StudentTCritical(0.95, double.PositiveInfinity));
    }

    [Fact]
    public void The_Two_Methods_Agree_Where_They_Meet()
    {
        Assert.Equal(Distributions.StudentTCritical(0.95, 99_999.999), Distributions.StudentTCritical(0.95, 1e5), 1e-9);
        Assert.Equal(Distributions.StudentTCritical(0.95, 0.999_999_9), Distributions.StudentTCritical(0.95, 1), 1e-5);
        Assert.Equal(Math.Tan(Math.PI * 0.475), Distributions.StudentTCritical(0.95, 1), 1e-9); // Cauchy: tan(pi (p - 1/2))
    }
}
