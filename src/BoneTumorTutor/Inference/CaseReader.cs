using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Inference;

/// <summary>What the prediction pipeline needs of a case.</summary>
public sealed record CaseForReading(int CaseId, byte[] ImageBytes, string ImageSha256, LesionBox? Box, int Age, Sex Sex, string Site)
{
    /// <summary>Hash of everything a reading depends on besides the model; a change makes cached readings stale.</summary>
    public string InputHash => Hash(ImageSha256, Box, Age, Sex, Site);

    public static string Hash(string imageSha256, LesionBox? box, int age, Sex sex, string site) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{imageSha256}|{box}|{age}|{sex}|{site}"))));
}

/// <summary>The whole per-case pipeline: decode, preprocess, infer, OOD distance and clinical probability.</summary>
public static class CaseReader
{
    /// <summary>Reads a case with a model; null when the case has no lesion box (no model output, never a guess).</summary>
    public static CasePrediction? Read(OnnxModel model, CaseForReading c, DateTime now)
    {
        if (c.Box is not { } box)
        {
            return null;
        }

        var pp = model.Card.Preprocessing;
        var frame = Preprocessor.LoadFrame(c.ImageBytes, pp.FrameSize);
        var input = Preprocessor.Prepare(frame, box, pp, c.Age, c.Sex, c.Site);
        return ToPrediction(model, c, input, model.Run(input), now);
    }

    /// <summary>The cached reading made of one run: the OOD distance, the call at the card's threshold, the clinical probability.</summary>
    public static CasePrediction ToPrediction(OnnxModel model, CaseForReading c, ModelInput input, ModelOutput output, DateTime now)
    {
        var pp = model.Card.Preprocessing;
        var distance = model.OodDistance(output.Embedding);
        var cam = new float[output.CamGct.Length + output.CamOs.Length];
        output.CamGct.CopyTo(cam, 0);
        output.CamOs.CopyTo(cam, output.CamGct.Length);
        return new CasePrediction
        {
            CaseId = c.CaseId,
            ModelSha256 = model.Sha256,
            ProbabilityOs = output.ProbabilityOs,
            Call = output.ProbabilityOs >= model.Card.ThresholdPOs ? Diagnosis.Osteosarcoma : Diagnosis.GiantCellTumor,
            ComputedAt = now,
            InputHash = c.InputHash,
            CamHeight = output.CamHeight,
            CamWidth = output.CamWidth,
            Cam = MemoryMarshal.AsBytes(cam.AsSpan()).ToArray(),
            CropCenterX = input.Crop.CenterX,
            CropCenterY = input.Crop.CenterY,
            CropSide = input.Crop.Side,
            FrameSize = pp.FrameSize,
            Embedding = MemoryMarshal.AsBytes(output.Embedding.AsSpan()).ToArray(),
            OodDistance = distance,
            IsOutOfDistribution = distance is { } d && model.Card.Ood is { } ood && d > ood.Threshold,
            ClinicalProbability = model.Card.ClinicalProbability(input.Clinical),
        };
    }
}
