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
    // MathNet's StudentT.InvCDF searches a fixed bracket with Brent's method: below df ~ 0.5 it throws, and above
    // df ~ 1e6 it drifts (df = 1e15 gives 0.43). Hillis's ddf reaches the top end whenever MS(T*R) is rounding noise
    // (two readers with the same change in AUC), so large df use the Cornish-Fisher expansion of t in powers of 1/df
    // (Abramowitz & Stegun 1964, 26.7.5; its error at df >= 1e5 is below 1e-15), and df < 1 solve the tail equation.
    public static double StudentTCritical(double level, double df)
    {
        if (double.IsNaN(df) || df <= 0)
        {
            return double.NaN;
        }

        var z = NormalCritical(level);
        if (df >= LargeDf)
        {
            var z2 = z * z;
            var g1 = (z2 + 1) * z / 4;
            var g2 = ((5 * z2 + 16) * z2 + 3) * z / 96;
            var g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384;
            return z + g1 / df + g2 / (df * df) + g3 / (df * df * df);
        }

        return df >= 1 ? StudentT.InvCDF(0, 1, df, 1 - (1 - level) / 2) : SolveStudentT(1 - level, df);
    }

    private const double LargeDf = 1e5;

    // P(|T| > t) = I_{df / (df + t^2)}(df / 2, 1 / 2) (A&S 26.7.1 with 26.5.27), solved for t by bisection on ln t:
    // the tail falls from at least 1/2 at t = 1 to 0, so the root lies between ln t = 0 and the point where t^2
    // overflows; 200 halvings of that bracket reach double precision.
    private static double SolveStudentT(double alpha, double df)
    {
        double TwoSidedTail(double logT) => SpecialFunctions.BetaRegularized(df / 2, 0.5, 1 / (1 + Math.Exp(2 * logT) / df));

        double low = 0, high = 354;
        if (TwoSidedTail(high) > alpha)
        {
            return double.PositiveInfinity;
        }

        for (var i = 0; i < 200 && high - low > 1e-15 * high; i++)
        {
            var middle = (low + high) / 2;
            if (TwoSidedTail(middle) > alpha)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return Math.Exp((low + high) / 2);
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
