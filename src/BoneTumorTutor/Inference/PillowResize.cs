namespace BoneTumorTutor.Inference;

/// <summary>
/// Resizes an 8-bit grayscale image exactly as Pillow's <c>Image.resize(size, Image.BILINEAR)</c> does for mode "L"
/// (libImaging/Resample.c: a triangle filter whose support grows with the reduction factor, coefficients in 22-bit
/// fixed point, a horizontal pass then a vertical pass, each rounded and clipped to 8 bits). The model was trained
/// on frames Pillow made, so the app must make byte-identical ones (contract step 1); ImageSharp's Triangle
/// resampler differs in rounding and edge handling, hence this port. Tested against Pillow's output.
/// </summary>
public static class PillowResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Resizes <paramref name="source"/> (row-major, <paramref name="width"/> × <paramref name="height"/>).</summary>
    public static byte[] Bilinear(ReadOnlySpan<byte> source, int width, int height, int outWidth, int outHeight)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outHeight, 1);
        if (source.Length != width * height)
        {
            throw new ArgumentException("The pixel buffer does not match the size.", nameof(source));
        }

        if (width == outWidth && height == outHeight)
        {
            return source.ToArray();
        }

        var (ksizeH, boundsH, kkH) = Coefficients(width, outWidth);
        var (ksizeV, boundsV, kkV) = Coefficients(height, outHeight);

        // Horizontal pass over the rows the vertical pass will read.
        var firstRow = boundsV[0];
        var lastRow = boundsV[(outHeight * 2) - 2] + boundsV[(outHeight * 2) - 1];
        var needHorizontal = width != outWidth;
        byte[] temp;
        int tempWidth;
        int rowOffset;
        if (needHorizontal)
        {
            var rows = lastRow - firstRow;
            tempWidth = outWidth;
            temp = new byte[tempWidth * rows];
            for (var yy = 0; yy < rows; yy++)
            {
                var inRow = source.Slice((yy + firstRow) * width, width);
                for (var xx = 0; xx < outWidth; xx++)
                {
                    var xmin = boundsH[xx * 2];
                    var xmax = boundsH[(xx * 2) + 1];
                    var k = xx * ksizeH;
                    var ss = 1 << (PrecisionBits - 1);
                    for (var x = 0; x < xmax; x++)
                    {
                        ss += inRow[x + xmin] * kkH[k + x];
                    }

                    temp[(yy * tempWidth) + xx] = Clip8(ss);
                }
            }

            rowOffset = firstRow;
        }
        else
        {
            temp = source.ToArray();
            tempWidth = width;
            rowOffset = 0;
        }

        if (height == outHeight)
        {
            return temp;
        }

        var output = new byte[outWidth * outHeight];
        for (var yy = 0; yy < outHeight; yy++)
        {
            var k = yy * ksizeV;
            var ymin = boundsV[yy * 2] - rowOffset;
            var ymax = boundsV[(yy * 2) + 1];
            for (var xx = 0; xx < outWidth; xx++)
            {
                var ss = 1 << (PrecisionBits - 1);
                for (var y = 0; y < ymax; y++)
                {
                    ss += temp[((y + ymin) * tempWidth) + xx] * kkV[k + y];
                }

                output[(yy * outWidth) + xx] = Clip8(ss);
            }
        }

        return output;
    }

    private static byte Clip8(int value)
    {
        var v = value >> PrecisionBits;
        return (byte)Math.Clamp(v, 0, 255);
    }

    /// <summary>precompute_coeffs + normalize_coeffs_8bpc of Pillow, for the box [0, inSize).</summary>
    private static (int KSize, int[] Bounds, int[] Kk) Coefficients(int inSize, int outSize)
    {
        const double support = 1.0; // bilinear
        var scale = (double)inSize / outSize;
        var filterScale = Math.Max(scale, 1.0);
        var scaledSupport = support * filterScale;
        var ksize = ((int)Math.Ceiling(scaledSupport) * 2) + 1;
        var bounds = new int[outSize * 2];
        var kk = new double[outSize * ksize];
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = (xx + 0.5) * scale;
            var ww = 0.0;
            var ss = 1.0 / filterScale;
            var xmin = (int)(center - scaledSupport + 0.5);
            if (xmin < 0)
            {
                xmin = 0;
            }

            var xmax = (int)(center + scaledSupport + 0.5);
            if (xmax > inSize)
            {
                xmax = inSize;
            }

            xmax -= xmin;
            var k = xx * ksize;
            for (var x = 0; x < xmax; x++)
            {
                var w = Triangle((x + xmin - center + 0.5) * ss);
                kk[k + x] = w;
                ww += w;
            }

            for (var x = 0; x < xmax; x++)
            {
                if (ww != 0.0)
                {
                    kk[k + x] /= ww;
                }
            }

            bounds[xx * 2] = xmin;
            bounds[(xx * 2) + 1] = xmax;
        }

        var fixedPoint = new int[kk.Length];
        for (var i = 0; i < kk.Length; i++)
        {
            fixedPoint[i] = kk[i] < 0
                ? (int)(-0.5 + (kk[i] * (1 << PrecisionBits)))
                : (int)(0.5 + (kk[i] * (1 << PrecisionBits)));
        }

        return (ksize, bounds, fixedPoint);
    }

    private static double Triangle(double x)
    {
        if (x < 0.0)
        {
            x = -x;
        }

        return x < 1.0 ? 1.0 - x : 0.0;
    }
}
