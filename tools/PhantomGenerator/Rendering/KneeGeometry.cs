using static BoneTumorTutor.PhantomGenerator.Rendering.DetMath;

namespace BoneTumorTutor.PhantomGenerator.Rendering;

/// <summary>A local widening of one side of a bone's outline, where an expansile lesion pushes the cortex out.</summary>
public sealed record Bulge(int ImageDirection, double CentreY, double HalfHeight, double Amount)
{
    public double At(double y, int imageDirection)
    {
        if (imageDirection != ImageDirection)
        {
            return 0;
        }

        var t = (y - CentreY) / HalfHeight;
        return t * t >= 1 ? 0 : Amount * Math.Sqrt(1 - (t * t));
    }
}

/// <summary>
/// The stylised AP knee in image pixels: distal femur, proximal tibia, fibular head and patella outlines,
/// the joint line and the physes. x grows to the viewer's right, y downwards.
/// </summary>
public sealed class KneeGeometry
{
    public const int Width = 384;
    public const int Height = 480;

    /// <summary>Nominal pixel spacing, used only to quote lesion sizes in the notes.</summary>
    public const double MillimetresPerPixel = 0.45;

    public KneeGeometry(PhantomSpec spec, SplitMix64 rng)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(rng);
        OpenPhysis = spec.OpenPhysis;

        // Adolescents are drawn smaller; the film's nominal scale stays fixed.
        var adultScale = spec.Sex == PatientSex.Male ? 1.03 : 0.96;
        var growth = spec.OpenPhysis ? Lerp(0.86, 0.98, Clamp01((spec.Age - 10) / 7.0)) : 1.0;
        S = adultScale * growth * rng.Range(0.98, 1.02);
        Cx = (Width / 2.0) + rng.Range(-8, 8);
        JointY = 250 + rng.Range(-8, 8);
        LateralDirection = spec.Side == KneeSide.Right ? -1 : 1;
        GapHalf = (spec.OpenPhysis ? 6.5 : 5.0) * S;
        FemurPhysisPhase = rng.Range(0, 6.283);
        TibiaPhysisPhase = rng.Range(0, 6.283);
        PhysisHalfThickness = spec.OpenPhysis ? Lerp(2.2, 1.5, Clamp01((spec.Age - 10) / 7.0)) : 0;
        Habitus = rng.Range(0.9, 1.08);
    }

    /// <summary>Size of this patient's bones relative to an average adult.</summary>
    public double S { get; }

    public double Cx { get; }

    public double JointY { get; }

    /// <summary>+1 when the lateral side (fibula) is on the viewer's right (a left knee seen AP), −1 otherwise.</summary>
    public int LateralDirection { get; }

    public double GapHalf { get; }

    /// <summary>Girth of the soft tissues relative to average.</summary>
    public double Habitus { get; }

    public bool OpenPhysis { get; }

    public double PhysisHalfThickness { get; }

    public Bulge? FemurBulge { get; set; }

    public Bulge? TibiaBulge { get; set; }

    private double FemurPhysisPhase { get; }

    private double TibiaPhysisPhase { get; }

    public double FemurShaftHalfWidth => 44 * S;

    public double FemurCondyleHalfWidth => 90 * S;

    public double TibiaPlateauHalfWidth => 86 * S;

    public double TibiaShaftHalfWidth => 36 * S;

    public double FibulaHeadX => Cx + (LateralDirection * TibiaPlateauHalfWidth * 0.92);

    public double FibulaHeadY => JointY + (50 * S);

    public double FemurHalfWidth(double y, int imageDirection)
    {
        var flare = SmoothStep(JointY - (175 * S), JointY - (48 * S), y);
        var hw = Lerp(FemurShaftHalfWidth, FemurCondyleHalfWidth, flare);
        return hw + (FemurBulge?.At(y, imageDirection) ?? 0);
    }

    public double TibiaHalfWidth(double y, int imageDirection)
    {
        var taper = SmoothStep(JointY + (22 * S), JointY + (200 * S), y);
        var hw = Lerp(TibiaPlateauHalfWidth, TibiaShaftHalfWidth, taper);
        return hw + (TibiaBulge?.At(y, imageDirection) ?? 0);
    }

    /// <summary>y of the femoral articular surface (condyles, intercondylar notch, rounded corners) at x.</summary>
    public double FemurBottom(double x)
    {
        var level = JointY - (10 * S);
        var left = Cx - FemurHalfWidth(level, -1);
        var right = Cx + FemurHalfWidth(level, 1);
        var condyleHalf = (right - left) / 4;
        var condyleCentre = x < Cx ? (left + Cx) / 2 : (Cx + right) / 2;
        var u = (x - condyleCentre) / condyleHalf;
        var curve = 7 * S * u * u;

        var notchHalf = 19 * S;
        var t = (x - Cx) / notchHalf;
        var notch = t * t < 1 ? 28 * S * Math.Sqrt(1 - (t * t)) : 0;

        var radius = 28 * S;
        var inward = Math.Min(x - left, right - x);
        var corner = inward < radius ? radius - Math.Sqrt(Math.Max(0, (radius * radius) - ((radius - inward) * (radius - inward)))) : 0;

        return JointY - GapHalf - curve - notch - corner;
    }

    /// <summary>y of the tibial plateau (two shallow plateaus, the tibial spines, rounded corners) at x.</summary>
    public double TibiaTop(double x)
    {
        var level = JointY + (10 * S);
        var left = Cx - TibiaHalfWidth(level, -1);
        var right = Cx + TibiaHalfWidth(level, 1);
        var plateauHalf = (right - left) / 4;
        var plateauCentre = x < Cx ? (left + Cx) / 2 : (Cx + right) / 2;
        var u = (x - plateauCentre) / (0.8 * plateauHalf);
        var dip = u * u < 1 ? 2.5 * S * (1 - (u * u)) : 0;

        var spines = 0.0;
        foreach (var offset in (ReadOnlySpan<double>)[-6.5, 6.5])
        {
            var v = (x - (Cx + (offset * S))) / (7 * S);
            if (v * v < 1)
            {
                spines = Math.Max(spines, 10 * S * (1 - (v * v)) * (1 - (v * v)));
            }
        }

        var radius = 12 * S;
        var inward = Math.Min(x - left, right - x);
        var corner = inward < radius ? radius - Math.Sqrt(Math.Max(0, (radius * radius) - ((radius - inward) * (radius - inward)))) : 0;

        return JointY + GapHalf + dip - spines + corner;
    }

    public bool InFemur(double x, double y) =>
        y < FemurBottom(x) && x > Cx - FemurHalfWidth(y, -1) && x < Cx + FemurHalfWidth(y, 1);

    public bool InTibia(double x, double y) =>
        y > TibiaTop(x) && x > Cx - TibiaHalfWidth(y, -1) && x < Cx + TibiaHalfWidth(y, 1);

    public double FibulaHeadRadiusX => 16 * S;

    public double FibulaHeadRadiusY => 14 * S;

    /// <summary>The apex (styloid) of the fibular head, pointing up from its lateral half.</summary>
    public (double X, double Y, double RadiusX, double RadiusY) FibulaApex =>
        (FibulaHeadX + (LateralDirection * 6 * S), FibulaHeadY - (11 * S), 6 * S, 7 * S);

    public double FibulaShaftCentre(double y)
    {
        var along = SmoothStep(FibulaHeadY, FibulaHeadY + (160 * S), y);
        return Lerp(FibulaHeadX, Cx + (LateralDirection * (TibiaShaftHalfWidth + (17 * S))), along);
    }

    public double FibulaShaftHalfWidth(double y) =>
        Lerp(FibulaHeadRadiusX * 0.95, 7.5 * S, SmoothStep(FibulaHeadY, FibulaHeadY + (50 * S), y));

    public double PatellaX => Cx + (LateralDirection * 4 * S);

    public double PatellaY => JointY - (62 * S);

    public double PatellaRadiusX => 40 * S;

    public double PatellaRadiusY => 46 * S;

    /// <summary>The distal femoral physis (open) or physeal scar (closed) at x.</summary>
    public double FemurPhysisY(double x)
    {
        var u = (x - Cx) / FemurCondyleHalfWidth;
        return JointY - (52 * S) + (3 * S * Sin((u * Math.PI * 1.6) + FemurPhysisPhase)) - (6 * S * Exp(-(u * u) / 0.12));
    }

    /// <summary>The proximal tibial physis (open) or physeal scar (closed) at x.</summary>
    public double TibiaPhysisY(double x)
    {
        var u = (x - Cx) / TibiaPlateauHalfWidth;
        return JointY + (40 * S) + (2.5 * S * Sin((u * Math.PI * 1.3) + TibiaPhysisPhase)) + (2 * S * Exp(-(u * u) / 0.1));
    }

    public double FibulaPhysisY => FibulaHeadY + (10 * S);
}
