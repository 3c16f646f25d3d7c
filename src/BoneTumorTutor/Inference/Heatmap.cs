using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Inference;

/// <summary>Colour scales for the heatmap: viridis (perceptually uniform, colour-blind safe; the default) and jet.</summary>
public static class Colormaps
{
    public const string Viridis = "viridis";
    public const string Jet = "jet";

    public static readonly IReadOnlyList<string> All = [Viridis, Jet];

    // matplotlib's viridis at 0, 1/8, …, 1; linear between these stops (within a few levels of the full 256-entry table).
    private static readonly (byte R, byte G, byte B)[] ViridisStops =
    [
        (0x44, 0x01, 0x54), (0x47, 0x2d, 0x7b), (0x3b, 0x52, 0x8b), (0x2c, 0x72, 0x8e), (0x21, 0x91, 0x8c),
        (0x28, 0xae, 0x80), (0x5e, 0xc9, 0x62), (0xad, 0xdc, 0x30), (0xfd, 0xe7, 0x25),
    ];

    public static bool IsKnown(string? name) => name is Viridis or Jet;

    /// <summary>The colour of a value in [0, 1].</summary>
    public static Rgb24 Colour(string map, double t)
    {
        t = Math.Clamp(t, 0, 1);
        if (map == Jet)
        {
            // The classic MATLAB jet: dark blue → blue → cyan → yellow → red → dark red.
            static byte Channel(double x) => (byte)Math.Round(255 * Math.Clamp(1.5 - Math.Abs(x), 0, 1));
            var v = 4 * t;
            return new Rgb24(Channel(v - 3), Channel(v - 2), Channel(v - 1));
        }

        var position = t * (ViridisStops.Length - 1);
        var i = Math.Min((int)position, ViridisStops.Length - 2);
        var f = position - i;
        var a = ViridisStops[i];
        var b = ViridisStops[i + 1];
        return new Rgb24(Lerp(a.R, b.R, f), Lerp(a.G, b.G, f), Lerp(a.B, b.B, f));
    }

    private static byte Lerp(byte a, byte b, double f) => (byte)Math.Round(a + ((b - a) * f));
}

/// <summary>
/// Maps a cached CAM back onto the radiograph and blends it (contract, "Mapping the CAM back onto the radiograph"):
/// the map of the class the model predicts, bilinear with half-pixel centres over the crop square (values held at the
/// outermost cell centres), from frame to image coordinates, normalised by its maximum (an all-zero map shows no heat),
/// coloured and alpha-blended onto the grayscale radiograph with ImageSharp. Outside the crop there is no heat.
/// </summary>
public static class Heatmap
{
    /// <summary>Heat in [0, 1] per image pixel (row-major, width × height), normalised by the map's maximum; all zero when the map is.</summary>
    public static float[] ToImage(CasePrediction p, int width, int height)
    {
        var raw = Raw(p, width, height);
        var heat = new float[raw.Length];
        var cam = p.CamOf(p.Call == Cases.Diagnosis.Osteosarcoma ? 1 : 0);
        var max = cam.Length == 0 ? 0 : cam.Max();
        if (!(max > 0))
        {
            return heat;
        }

        for (var i = 0; i < raw.Length; i++)
        {
            heat[i] = (float)Math.Clamp(raw[i] / max, 0, 1);
        }

        return heat;
    }

    /// <summary>
    /// The mapped CAM of the called class per image pixel before normalising (row-major, width × height; zero outside
    /// the crop and for an all-zero map). With width = height = frame size this is the heat on the frame that the
    /// contract's localisation metrics (pointing game, energy in mask) are defined on.
    /// </summary>
    public static double[] Raw(CasePrediction p, int width, int height)
    {
        var classIndex = p.Call == Cases.Diagnosis.Osteosarcoma ? 1 : 0;
        var cam = p.CamOf(classIndex);
        var h = p.CamHeight;
        var w = p.CamWidth;
        var heat = new double[width * height];
        if (cam.Length == 0 || !(cam.Max() > 0))
        {
            return heat;
        }

        var s = p.CropSide;
        var left = p.CropCenterX - (s / 2);
        var top = p.CropCenterY - (s / 2);
        var sx = (double)p.FrameSize / width;
        var sy = (double)p.FrameSize / height;
        for (var y = 0; y < height; y++)
        {
            var fy = (y + 0.5) * sy;
            if (fy < top || fy >= top + s)
            {
                continue;
            }

            var gy = Math.Clamp(((fy - top) / s * h) - 0.5, 0, h - 1);
            var y0 = Math.Min((int)gy, h - 1);
            var y1 = Math.Min(y0 + 1, h - 1);
            var wy = gy - y0;
            for (var x = 0; x < width; x++)
            {
                var fx = (x + 0.5) * sx;
                if (fx < left || fx >= left + s)
                {
                    continue;
                }

                var gx = Math.Clamp(((fx - left) / s * w) - 0.5, 0, w - 1);
                var x0 = Math.Min((int)gx, w - 1);
                var x1 = Math.Min(x0 + 1, w - 1);
                var wx = gx - x0;
                heat[(y * width) + x] = (cam[(y0 * w) + x0] * (1 - wx) * (1 - wy)) + (cam[(y0 * w) + x1] * wx * (1 - wy))
                    + (cam[(y1 * w) + x0] * (1 - wx) * wy) + (cam[(y1 * w) + x1] * wx * wy);
            }
        }

        return heat;
    }

    private static readonly PngEncoder Encoder = new()
    {
        ColorType = PngColorType.Rgb,
        BitDepth = PngBitDepth.Bit8,
        CompressionLevel = PngCompressionLevel.DefaultCompression,
        ChunkFilter = PngChunkFilter.ExcludeAll,
    };

    /// <summary>The radiograph with the heat blended on: alpha 0.3 + 0.5·heat where there is heat, none elsewhere.</summary>
    public static byte[] RenderPng(CasePrediction p, byte[] displayPng, string colormap)
    {
        using var gray = Cases.Radiographs.DecodeGray(displayPng);
        using var output = Blend(gray, ToImage(p, gray.Width, gray.Height), colormap);
        return EncodePng(output);
    }

    /// <summary>Colours the heat (one value in [0, 1] per pixel, see <see cref="ToImage"/>) and blends it onto the radiograph.</summary>
    public static Image<Rgb24> Blend(Image<L8> gray, float[] heat, string colormap)
    {
        ArgumentNullException.ThrowIfNull(gray);
        ArgumentNullException.ThrowIfNull(heat);
        var output = new Image<Rgb24>(Cases.Radiographs.Configuration, gray.Width, gray.Height);
        var lut = Enumerable.Range(0, 256).Select(i => Colormaps.Colour(colormap, i / 255.0)).ToArray();
        gray.ProcessPixelRows(output, (source, target) =>
        {
            for (var y = 0; y < source.Height; y++)
            {
                var inRow = source.GetRowSpan(y);
                var outRow = target.GetRowSpan(y);
                for (var x = 0; x < inRow.Length; x++)
                {
                    var g = inRow[x].PackedValue;
                    var t = heat[(y * source.Width) + x];
                    if (t <= 0)
                    {
                        outRow[x] = new Rgb24(g, g, g);
                        continue;
                    }

                    var c = lut[(int)Math.Round(t * 255)];
                    var a = 0.3 + (0.5 * t);
                    outRow[x] = new Rgb24(Blend(g, c.R, a), Blend(g, c.G, a), Blend(g, c.B, a));
                }
            }
        });
        return output;
    }

    /// <summary>The overlay as the PNG the app serves and caches.</summary>
    public static byte[] EncodePng(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, Encoder);
        return stream.ToArray();
    }

    private static byte Blend(byte under, byte over, double alpha) => (byte)Math.Round((under * (1 - alpha)) + (over * alpha));
}
