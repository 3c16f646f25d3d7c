using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace BoneTumorTutor.Statistics;

// Quantiles and tail probabilities of the reference distributions, all from MathNet.Numerics.
// Upper tails are written with the regularized incomplete beta and gamma functions so that small
// p-values keep their precision instead of being computed as 1 - CDF.
internal static class Distributions
{
    // Two-sided critical value z such that P(|Z| <= z) = level.
    public static double NormalCritical(double level) => Normal.InvCDF(0, 1, 1 - (1 - level) / 2);

    // Two-sided p-value of a standard normal statistic: 2 * Phi(-|z|).
    public static double NormalTwoSidedP(double z) => double.IsNaN(z) ? double.NaN : 2 * Normal.CDF(0, 1, -Math.Abs(z));

    // Two-sided critical value of Student's t with (possibly fractional) df; infinite df is the normal.
    public static double StudentTCritical(double level, double df)
    {
        if (double.IsNaN(df) || df <= 0)
        {
            return double.NaN;
        }

        return double.IsPositiveInfinity(df)
            ? NormalCritical(level)
            : StudentT.InvCDF(0, 1, df, 1 - (1 - level) / 2);
    }

    // P(F(ndf, ddf) > f) = I_{ddf / (ddf + ndf f)}(ddf / 2, ndf / 2) (Abramowitz & Stegun 1964, Sec. 26.6);
    // with infinite ddf, ndf * F is chi-square with ndf degrees of freedom.
    public static double FUpperTail(double f, double ndf, double ddf)
    {
        if (double.IsNaN(f) || double.IsNaN(ddf) || ddf <= 0)
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(f))
        {
            return 0;
        }

        if (f <= 0)
        {
            return 1;
        }

        return double.IsPositiveInfinity(ddf)
            ? ChiSquareUpperTail(ndf * f, ndf)
            : SpecialFunctions.BetaRegularized(ddf / 2, ndf / 2, ddf / (ddf + ndf * f));
    }

    // P(chi-square(df) > x) = Q(df / 2, x / 2) (Abramowitz & Stegun 1964, Sec. 26.4).
    public static double ChiSquareUpperTail(double x, double df)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (double.IsPositiveInfinity(x))
        {
            return 0;
        }

        return x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);
    }

    public static void CheckLevel(double confidenceLevel)
    {
        if (!(confidenceLevel > 0 && confidenceLevel < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), confidenceLevel, "The confidence level must lie strictly between 0 and 1, e.g. 0.95.");
        }
    }
}
