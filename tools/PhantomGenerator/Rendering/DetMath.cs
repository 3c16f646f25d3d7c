namespace BoneTumorTutor.PhantomGenerator.Rendering;

/// <summary>
/// Elementary functions built from +, −, ×, ÷ and Math.Sqrt only. Those are exactly rounded by IEEE 754,
/// whereas Math.Exp/Sin/Atan2 come from the platform's C library and may differ in the last bit between
/// operating systems and runtimes — enough to flip a pixel and break the byte-identical phantoms.
/// </summary>
public static class DetMath
{
    private const double Ln2 = 0.6931471805599453;
    private const double HalfPi = Math.PI / 2;
    private const double TwoPi = Math.PI * 2;

    public static double Clamp01(double x) => x < 0 ? 0 : x > 1 ? 1 : x;

    public static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    /// <summary>Hermite smoothstep; edge0 may exceed edge1 for a falling step.</summary>
    public static double SmoothStep(double edge0, double edge1, double x)
    {
        var t = Clamp01((x - edge0) / (edge1 - edge0));
        return t * t * (3 - (2 * t));
    }

    public static double Exp(double x)
    {
        if (x < -700)
        {
            return 0;
        }

        // exp(x) = 2^k · exp(r), |r| ≤ ln2/2, then a Taylor polynomial in Horner form.
        var k = Math.Round(x / Ln2);
        var r = x - (k * Ln2);
        var p = 1.0;
        for (var n = 13; n >= 1; n--)
        {
            p = 1.0 + (p * r / n);
        }

        return Math.ScaleB(p, (int)k);
    }

    public static double Sin(double x)
    {
        var r = x - (Math.Round(x / TwoPi) * TwoPi);
        if (r > HalfPi)
        {
            r = Math.PI - r;
        }
        else if (r < -HalfPi)
        {
            r = -Math.PI - r;
        }

        // Taylor series to x^17 on [−π/2, π/2].
        var r2 = r * r;
        var term = r;
        var sum = r;
        for (var n = 1; n <= 8; n++)
        {
            term = -term * r2 / ((2 * n) * ((2 * n) + 1));
            sum += term;
        }

        return sum;
    }

    public static double Cos(double x) => Sin(x + HalfPi);

    public static double Atan(double x)
    {
        if (x < 0)
        {
            return -Atan(-x);
        }

        if (x > 1)
        {
            return HalfPi - Atan(1 / x);
        }

        // Two half-angle reductions bring |x| below 0.2, where the series converges fast.
        var y = x / (1 + Math.Sqrt(1 + (x * x)));
        y /= 1 + Math.Sqrt(1 + (y * y));
        var y2 = y * y;
        var term = y;
        var sum = y;
        for (var n = 1; n <= 12; n++)
        {
            term = -term * y2;
            sum += term / ((2 * n) + 1);
        }

        return 4 * sum;
    }

    public static double Atan2(double y, double x)
    {
        if (x > 0)
        {
            return Atan(y / x);
        }

        if (x < 0)
        {
            return y >= 0 ? Atan(y / x) + Math.PI : Atan(y / x) - Math.PI;
        }

        return y > 0 ? HalfPi : y < 0 ? -HalfPi : 0;
    }
}
