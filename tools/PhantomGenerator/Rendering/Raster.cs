namespace BoneTumorTutor.PhantomGenerator.Rendering;

/// <summary>Whole-image operations on row-major double and bool planes of one phantom's size.</summary>
public static class Raster
{
    /// <summary>
    /// Two-pass chamfer distance (weights 1 and √2) from every pixel in <paramref name="inside"/> to the
    /// nearest pixel outside it; pixels outside get 0. The image border is not an edge: bones run on
    /// past the top and bottom of the film.
    /// </summary>
    public static double[] DistanceInside(bool[] inside, int width, int height)
    {
        const double Diagonal = 1.4142135623730951;
        const double Far = 1e9;
        var d = new double[inside.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = inside[i] ? Far : 0;
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                if (d[i] == 0)
                {
                    continue;
                }

                var best = Math.Min(d[i], 1 + Math.Min(x > 0 ? d[i - 1] : Far, y > 0 ? d[i - width] : Far));
                best = Math.Min(best, Diagonal + (x > 0 && y > 0 ? d[i - width - 1] : Far));
                best = Math.Min(best, Diagonal + (x < width - 1 && y > 0 ? d[i - width + 1] : Far));
                d[i] = best;
            }
        }

        for (var y = height - 1; y >= 0; y--)
        {
            for (var x = width - 1; x >= 0; x--)
            {
                var i = (y * width) + x;
                if (d[i] == 0)
                {
                    continue;
                }

                var best = Math.Min(d[i], 1 + Math.Min(x < width - 1 ? d[i + 1] : Far, y < height - 1 ? d[i + width] : Far));
                best = Math.Min(best, Diagonal + (x < width - 1 && y < height - 1 ? d[i + width + 1] : Far));
                best = Math.Min(best, Diagonal + (x > 0 && y < height - 1 ? d[i + width - 1] : Far));
                d[i] = best;
            }
        }

        return d;
    }

    public static bool[] Not(bool[] mask)
    {
        var result = new bool[mask.Length];
        for (var i = 0; i < mask.Length; i++)
        {
            result[i] = !mask[i];
        }

        return result;
    }

    /// <summary>Separable Gaussian blur with edge clamping; weights from <see cref="DetMath.Exp"/>.</summary>
    public static double[] GaussianBlur(double[] plane, int width, int height, double sigma)
    {
        var radius = (int)Math.Ceiling(sigma * 3);
        var kernel = new double[(2 * radius) + 1];
        var sum = 0.0;
        for (var k = -radius; k <= radius; k++)
        {
            kernel[k + radius] = DetMath.Exp(-(k * k) / (2 * sigma * sigma));
            sum += kernel[k + radius];
        }

        for (var k = 0; k < kernel.Length; k++)
        {
            kernel[k] /= sum;
        }

        var temp = new double[plane.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var acc = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    var xx = Math.Clamp(x + k, 0, width - 1);
                    acc += kernel[k + radius] * plane[(y * width) + xx];
                }

                temp[(y * width) + x] = acc;
            }
        }

        var result = new double[plane.Length];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var acc = 0.0;
                for (var k = -radius; k <= radius; k++)
                {
                    var yy = Math.Clamp(y + k, 0, height - 1);
                    acc += kernel[k + radius] * temp[(yy * width) + x];
                }

                result[(y * width) + x] = acc;
            }
        }

        return result;
    }
}
