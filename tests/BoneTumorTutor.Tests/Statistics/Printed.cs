using System.Globalization;

namespace BoneTumorTutor.Tests.Statistics;

// Compares a computed value with a reference value to the digits the reference printed
// (half a unit in its last decimal place, never tighter than 1e-12 for round-off).
internal static class Printed
{
    public static void Equal(string printed, double actual)
    {
        var expected = double.Parse(printed, CultureInfo.InvariantCulture);
        var dot = printed.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : printed.Length - dot - 1;
        var tolerance = Math.Max(0.5 * Math.Pow(10, -decimals), 1e-12);
        Assert.True(
            Math.Abs(expected - actual) <= tolerance,
            $"Expected {printed} (±{tolerance:G2}) but computed {actual:R}.");
    }
}
