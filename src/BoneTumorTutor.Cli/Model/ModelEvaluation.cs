using System.Diagnostics;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Cli.Stats;
using BoneTumorTutor.Inference;
using BoneTumorTutor.Statistics;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Cli.Model;

/// <summary>Localisation of one reading on the frame (contract, "Localisation metrics").</summary>
internal readonly record struct Localisation(bool Hit, double EnergyInMask, double Chance);

/// <summary>What <c>btt model evaluate</c> measured.</summary>
internal sealed record EvaluationResult(
    int N,
    int NOs,
    int NGct,
    AucEstimate Auc,
    double Sensitivity,
    double Specificity,
    double Threshold,
    int NLocalisation,
    double? PointingGame,
    double? EnergyInMask,
    double? Chance,
    string Provider,
    double MsPerImage,
    int BoxesFromMask,
    int BoxesFromRoi,
    int WholeImage,
    int OtherLabels,
    int NotListed);

/// <summary>
/// Runs a model through the app's own reading pipeline (<see cref="CaseReader"/>: decode, contract preprocessing,
/// ONNX Runtime, the call at the card's threshold) on every osteosarcoma / giant cell tumor row of an
/// <see cref="EvaluationSet"/>, and scores it: AUC with DeLong CI, sensitivity and specificity at the card's threshold,
/// and where a mask is given the CAM's localisation on the frame as the app maps it (<see cref="Heatmap.Raw"/>).
/// </summary>
internal static class ModelEvaluation
{
    public static EvaluationResult Run(OnnxModel model, EvaluationSet set, Action<int, int>? progress = null)
    {
        var pp = model.Card.Preprocessing;
        var truth = new List<bool>();
        var scores = new List<double>();
        var locs = new List<Localisation>();
        var tp = 0;
        var tn = 0;
        int fromMask = 0, fromRoi = 0, whole = 0;
        var watch = new Stopwatch();
        var now = DateTime.UtcNow;
        for (var i = 0; i < set.Items.Count; i++)
        {
            var item = set.Items[i];
            var where = $"{item.Id} (metadata.csv line {item.Line})";
            var bytes = File.ReadAllBytes(item.ImagePath);
            int width, height;
            try
            {
                using var gray = Radiographs.DecodeGray(bytes);
                (width, height) = (gray.Width, gray.Height);
            }
            catch (RadiographRejectedException ex)
            {
                throw new StatsInputException($"{where}: {item.ImagePath}: {ex.Message}");
            }

            bool[]? mask = null;
            LesionBox box;
            if (item.MaskPath is { } maskPath)
            {
                (mask, box) = ReadMask(maskPath, width, height, where);
                fromMask++;
            }
            else if (item.RoiBox is { } roi)
            {
                if (!roi.FitsInside(width, height))
                {
                    throw new StatsInputException($"{where}: the roi box {roi} does not fit inside the {width}×{height} image.");
                }

                box = roi;
                fromRoi++;
            }
            else
            {
                box = new LesionBox(0, 0, width, height);
                whole++;
            }

            watch.Start();
            var reading = CaseReader.Read(model, new CaseForReading(0, bytes, "", box, item.Age, item.Sex, item.Site), now)!;
            watch.Stop();

            truth.Add(item.IsOsteosarcoma);
            scores.Add(reading.ProbabilityOs);
            var calledOs = reading.Call == Diagnosis.Osteosarcoma;
            if (calledOs && item.IsOsteosarcoma)
            {
                tp++;
            }
            else if (!calledOs && !item.IsOsteosarcoma)
            {
                tn++;
            }

            if (mask is not null)
            {
                locs.Add(Localise(reading, FrameMask(mask, width, height, pp.FrameSize), pp.FrameSize));
            }

            progress?.Invoke(i + 1, set.Items.Count);
        }

        var nOs = truth.Count(t => t);
        var nGct = truth.Count - nOs;
        if (nOs < 2 || nGct < 2)
        {
            throw new StatsInputException(
                $"An AUC with a DeLong CI needs at least 2 osteosarcoma and 2 giant cell tumor images; the selection has {nOs} and {nGct}.");
        }

        var auc = DeLong.Analyze(truth, scores);
        return new EvaluationResult(
            truth.Count,
            nOs,
            nGct,
            auc,
            (double)tp / nOs,
            (double)tn / nGct,
            model.Card.ThresholdPOs,
            locs.Count,
            locs.Count > 0 ? locs.Average(l => l.Hit ? 1.0 : 0.0) : null,
            locs.Count > 0 ? locs.Average(l => l.EnergyInMask) : null,
            locs.Count > 0 ? locs.Average(l => l.Chance) : null,
            model.Provider.Name,
            watch.Elapsed.TotalMilliseconds / truth.Count,
            fromMask,
            fromRoi,
            whole,
            set.OtherLabels,
            set.NotListed);
    }

    /// <summary>The mask (pixels &gt; 127) and its bounding box in the contract's edge convention.</summary>
    private static (bool[] Mask, LesionBox Box) ReadMask(string path, int width, int height, string where)
    {
        Image<L8> image;
        try
        {
            image = Radiographs.DecodeGray(File.ReadAllBytes(path));
        }
        catch (RadiographRejectedException ex)
        {
            throw new StatsInputException($"{where}: mask {path}: {ex.Message}");
        }

        using (image)
        {
            if (image.Width != width || image.Height != height)
            {
                throw new StatsInputException($"{where}: the mask is {image.Width}×{image.Height} but the image is {width}×{height}; they must match.");
            }

            var mask = new bool[width * height];
            int xmin = int.MaxValue, ymin = int.MaxValue, xmax = -1, ymax = -1;
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    var row = rows.GetRowSpan(y);
                    for (var x = 0; x < row.Length; x++)
                    {
                        if (row[x].PackedValue > 127)
                        {
                            mask[(y * width) + x] = true;
                            xmin = Math.Min(xmin, x);
                            xmax = Math.Max(xmax, x);
                            ymin = Math.Min(ymin, y);
                            ymax = Math.Max(ymax, y);
                        }
                    }
                }
            });
            if (xmax < 0)
            {
                throw new StatsInputException($"{where}: the mask {path} is empty (no pixel above 127), so there is no lesion box.");
            }

            return (mask, new LesionBox(xmin, ymin, xmax - xmin + 1, ymax - ymin + 1));
        }
    }

    /// <summary>The mask on the frame: as is when the image is frame-sized, else nearest-neighbour resampled.</summary>
    private static bool[] FrameMask(bool[] mask, int width, int height, int frame)
    {
        if (width == frame && height == frame)
        {
            return mask;
        }

        var output = new bool[frame * frame];
        for (var y = 0; y < frame; y++)
        {
            var sy = Math.Min((int)((y + 0.5) * height / frame), height - 1);
            for (var x = 0; x < frame; x++)
            {
                var sx = Math.Min((int)((x + 0.5) * width / frame), width - 1);
                output[(y * frame) + x] = mask[(sy * width) + sx];
            }
        }

        return output;
    }

    /// <summary>Pointing game, energy in mask and chance level of one reading (models/README.md, preprocess.localisation).</summary>
    public static Localisation Localise(CasePrediction reading, bool[] frameMask, int frame)
    {
        var heat = Heatmap.Raw(reading, frame, frame);
        var total = 0.0;
        var inMask = 0.0;
        var best = -1;
        var max = double.NegativeInfinity;
        for (var i = 0; i < heat.Length; i++)
        {
            total += heat[i];
            if (frameMask[i])
            {
                inMask += heat[i];
            }

            if (heat[i] > max)
            {
                max = heat[i];
                best = i;
            }
        }

        var hit = total > 0 && frameMask[best];
        var energy = total > 0 ? inMask / total : 0;

        var s = reading.CropSide;
        var left = reading.CropCenterX - (s / 2);
        var top = reading.CropCenterY - (s / 2);
        var count = 0;
        for (var y = 0; y < frame; y++)
        {
            var cy = y + 0.5;
            if (cy < top || cy >= top + s)
            {
                continue;
            }

            for (var x = 0; x < frame; x++)
            {
                var cx = x + 0.5;
                if (cx >= left && cx < left + s && frameMask[(y * frame) + x])
                {
                    count++;
                }
            }
        }

        return new Localisation(hit, energy, count / (s * s));
    }
}
