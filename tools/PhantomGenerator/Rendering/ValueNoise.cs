namespace BoneTumorTutor.PhantomGenerator.Rendering;

/// <summary>
/// Seeded 2-D gradient (Perlin-style) noise and its fractal sum, mapped to [0, 1] with ½ as the mean;
/// integer hashing picks one of 16 fixed gradient directions, so no tables or platform maths are used.
/// </summary>
public sealed class ValueNoise(ulong seed)
{
    // Unit vectors at multiples of 22.5°, written out so nothing depends on Math.Sin/Cos.
    private static readonly double[] s_gradientX =
        [1, 0.9238795325112867, 0.7071067811865476, 0.3826834323650898, 0, -0.3826834323650898, -0.7071067811865476, -0.9238795325112867,
         -1, -0.9238795325112867, -0.7071067811865476, -0.3826834323650898, 0, 0.3826834323650898, 0.7071067811865476, 0.9238795325112867];

    private static readonly double[] s_gradientY =
        [0, 0.3826834323650898, 0.7071067811865476, 0.9238795325112867, 1, 0.9238795325112867, 0.7071067811865476, 0.3826834323650898,
         0, -0.3826834323650898, -0.7071067811865476, -0.9238795325112867, -1, -0.9238795325112867, -0.7071067811865476, -0.3826834323650898];

    public double Sample(double x, double y)
    {
        var fx = Math.Floor(x);
        var fy = Math.Floor(y);
        var ix = (long)fx;
        var iy = (long)fy;
        var rx = x - fx;
        var ry = y - fy;
        var tx = Fade(rx);
        var ty = Fade(ry);
        var a = Corner(ix, iy, rx, ry);
        var b = Corner(ix + 1, iy, rx - 1, ry);
        var c = Corner(ix, iy + 1, rx, ry - 1);
        var d = Corner(ix + 1, iy + 1, rx - 1, ry - 1);
        var top = a + ((b - a) * tx);
        var bottom = c + ((d - c) * tx);
        var n = top + ((bottom - top) * ty);
        return DetMath.Clamp01(0.5 + (0.75 * n));
    }

    /// <summary>Fractal sum of octaves (lacunarity 2, gain ½), normalised back to [0, 1].</summary>
    public double Fbm(double x, double y, int octaves)
    {
        var sum = 0.0;
        var amplitude = 1.0;
        var total = 0.0;
        for (var i = 0; i < octaves; i++)
        {
            sum += amplitude * Sample(x, y);
            total += amplitude;
            amplitude *= 0.5;
            x = (x * 2) + 17.31;
            y = (y * 2) + 5.77;
        }

        return sum / total;
    }

    /// <summary>1 where the noise crosses ½ and falling to 0 away from it: thin, branching ridges.</summary>
    public double Ridged(double x, double y, int octaves) => 1 - Math.Abs((2 * Fbm(x, y, octaves)) - 1);

    private static double Fade(double t) => t * t * t * ((t * ((t * 6) - 15)) + 10);

    private double Corner(long x, long y, double dx, double dy)
    {
        var h = SplitMix64.Mix(seed ^ SplitMix64.Mix(((ulong)x * 0x9E3779B97F4A7C15UL) ^ ((ulong)y * 0xC2B2AE3D27D4EB4FUL)));
        var g = (int)(h >> 60);
        return (s_gradientX[g] * dx) + (s_gradientY[g] * dy);
    }
}
