using BoneTumorTutor.Cases;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Inference;

/// <summary>The crop square of contract step 2, in frame pixels (edge coordinates): centre and side.</summary>
public readonly record struct CropSquare(double CenterX, double CenterY, double Side);

/// <summary>A radiograph brought to the model's frame: frame_size² luminance bytes, and the original size.</summary>
public sealed record Frame(byte[] Pixels, int Size, int WidthPx, int HeightPx);

/// <summary>The model's inputs for one case.</summary>
public sealed record ModelInput(float[] Image, float[]? Context, float[] Clinical, CropSquare Crop);

/// <summary>
/// The contract's preprocessing (models/README.md, steps 1–6), mirroring models/training/preprocess.py line by
/// line; the tests compare it with vectors that script wrote.
/// </summary>
public static class Preprocessor
{
    /// <summary>
    /// Step 1: decode to 8-bit luminance as Pillow's <c>convert("L")</c> does (ITU-R 601-2, L = (19595 R + 38470 G +
    /// 7471 B + 32768) >> 16, which leaves gray pixels unchanged) and resize to the frame with Pillow's bilinear filter.
    /// </summary>
    public static Frame LoadFrame(byte[] imageBytes, int frameSize)
    {
        var (luminance, width, height) = DecodeLuminance(imageBytes);
        return ToFrame(luminance, width, height, frameSize);
    }

    /// <summary>Step 1, first half: the radiograph's 8-bit luminance (row-major) and its size.</summary>
    public static (byte[] Luminance, int Width, int Height) DecodeLuminance(byte[] imageBytes)
    {
        using var image = Image.Load<Rgb24>(Radiographs.Configuration, imageBytes);
        var width = image.Width;
        var height = image.Height;
        var luminance = new byte[width * height];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                var offset = y * width;
                for (var x = 0; x < row.Length; x++)
                {
                    var p = row[x];
                    luminance[offset + x] = (byte)(((p.R * 19595) + (p.G * 38470) + (p.B * 7471) + 0x8000) >> 16);
                }
            }
        });
        return (luminance, width, height);
    }

    /// <summary>Step 1, second half: the luminance resized to the frame with Pillow's bilinear filter.</summary>
    public static Frame ToFrame(byte[] luminance, int width, int height, int frameSize) =>
        new(PillowResize.Bilinear(luminance, width, height, frameSize, frameSize), frameSize, width, height);

    /// <summary>Step 1 (box): the lesion box in frame pixels.</summary>
    public static (double X, double Y, double W, double H) ScaleBox(LesionBox box, int widthPx, int heightPx, int frameSize)
    {
        var sx = (double)frameSize / widthPx;
        var sy = (double)frameSize / heightPx;
        return (box.X * sx, box.Y * sy, box.Width * sx, box.Height * sy);
    }

    /// <summary>Step 2: the crop square around the box.</summary>
    public static CropSquare Crop((double X, double Y, double W, double H) box, double cropMargin, double minCropSide)
    {
        var cx = box.X + (box.W / 2.0);
        var cy = box.Y + (box.H / 2.0);
        var s = Math.Max(Math.Max(box.W, box.H) * (1.0 + (2.0 * cropMargin)), minCropSide);
        return new CropSquare(cx, cy, s);
    }

    /// <summary>Steps 3 and 4: bilinear samples of the square on a size × size grid (outside the frame = 0), normalised.</summary>
    public static float[] SampleNormalised(Frame frame, double cx, double cy, double s, int size, double mean, double std)
    {
        var f = frame.Size;
        var pixels = frame.Pixels;
        var output = new float[size * size];
        var u0 = new int[size];
        var fu = new double[size];
        for (var k = 0; k < size; k++)
        {
            var u = cx - (s / 2.0) + ((k + 0.5) * (s / size)) - 0.5;
            u0[k] = (int)Math.Floor(u);
            fu[k] = u - u0[k];
        }

        var v0 = new int[size];
        var fv = new double[size];
        for (var k = 0; k < size; k++)
        {
            var v = cy - (s / 2.0) + ((k + 0.5) * (s / size)) - 0.5;
            v0[k] = (int)Math.Floor(v);
            fv[k] = v - v0[k];
        }

        double At(int row, int col) => row < 0 || col < 0 || row >= f || col >= f ? 0.0 : pixels[(row * f) + col];

        for (var i = 0; i < size; i++)
        {
            var ya = v0[i];
            var wy = fv[i];
            for (var j = 0; j < size; j++)
            {
                var xa = u0[j];
                var wx = fu[j];
                var value = (At(ya, xa) * (1 - wx) * (1 - wy)) + (At(ya, xa + 1) * wx * (1 - wy))
                    + (At(ya + 1, xa) * (1 - wx) * wy) + (At(ya + 1, xa + 1) * wx * wy);
                output[(i * size) + j] = (float)(((value / 255.0) - mean) / std);
            }
        }

        return output;
    }

    /// <summary>Step 6: the clinical features in the card's order.</summary>
    public static float[] Clinical(IReadOnlyList<string> features, int age, Sex sex, string site) =>
        features.Select(name => name switch
        {
            "age_years_div_100" => age / 100f,
            "sex_male" => sex == Sex.Male ? 1f : 0f,
            "site_femur" => CaseVocabulary.IsFemur(site) ? 1f : 0f,
            "site_tibia" => CaseVocabulary.IsTibia(site) ? 1f : 0f,
            _ => throw new ModelRejectedException($"The card asks for a clinical feature \"{name}\" this app does not know."),
        }).ToArray();

    /// <summary>Steps 1–6 for a case's radiograph.</summary>
    public static ModelInput Prepare(Frame frame, LesionBox box, Preprocessing pp, int age, Sex sex, string site)
    {
        var frameBox = ScaleBox(box, frame.WidthPx, frame.HeightPx, pp.FrameSize);
        var crop = Crop(frameBox, pp.CropMargin, pp.MinCropSide);
        var image = SampleNormalised(frame, crop.CenterX, crop.CenterY, crop.Side, pp.InputSize, pp.Mean, pp.Std);
        float[]? context = pp.ContextScale is { } scale
            ? SampleNormalised(frame, crop.CenterX, crop.CenterY, crop.Side * scale, pp.InputSize, pp.Mean, pp.Std)
            : null;
        return new ModelInput(image, context, Clinical(pp.ClinicalFeatures, age, sex, site), crop);
    }
}
