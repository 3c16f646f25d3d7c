namespace BoneTumorTutor.PhantomGenerator.Rendering;

/// <summary>A soft-tissue mass beside the bone: an ellipse in image pixels.</summary>
public sealed record SoftTissueMass(int ImageDirection, double CentreX, double CentreY, double RadiusX, double RadiusY)
{
    /// <summary>Projected thickness of the mass at a pixel, 0 outside and 1 at its centre.</summary>
    public double Profile(double x, double y)
    {
        var u = (x - CentreX) / RadiusX;
        var v = (y - CentreY) / RadiusY;
        var k2 = (u * u) + (v * v);
        return k2 >= 1 ? 0 : (1 - k2) * (1 - k2);
    }

    /// <summary>How far the mass reaches from the knee's centre line at height y, or 0 where it does not reach.</summary>
    public double Reach(double y, double cx)
    {
        var v = (y - CentreY) / RadiusY;
        return v * v >= 1 ? 0 : Math.Abs(CentreX - cx) + (RadiusX * Math.Sqrt(1 - (v * v)));
    }
}

/// <summary>Where the lesion sits and how large it is, in image pixels, derived from the spec and the knee.</summary>
public sealed class LesionLayout
{
    public LesionLayout(PhantomSpec spec, KneeGeometry knee, SplitMix64 rng)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(knee);
        ArgumentNullException.ThrowIfNull(rng);
        Site = spec.Site;
        var pxPerMm = 1 / KneeGeometry.MillimetresPerPixel;
        RadiusX = spec.LesionWidthMm * pxPerMm / 2;
        RadiusY = spec.LesionHeightMm * pxPerMm / 2;
        ImageDirection = spec.Position switch
        {
            LesionPosition.Lateral => knee.LateralDirection,
            LesionPosition.Medial => -knee.LateralDirection,
            _ => 0,
        };
        var femur = spec.Site == BoneSite.DistalFemur;
        TowardShaft = femur ? -1 : 1;

        if (spec.Diagnosis == PhantomDiagnosis.GiantCellTumor)
        {
            // Eccentric in a condyle or plateau: its outer edge at the cortex (pushing it out when
            // expansile), its articular edge at the subchondral bone plate.
            var dir = ImageDirection == 0 ? knee.LateralDirection : ImageDirection;
            var level = femur ? knee.JointY - (20 * knee.S) : knee.JointY + (20 * knee.S);
            var edge = knee.Cx + (dir * (femur ? knee.FemurHalfWidth(level, dir) : knee.TibiaHalfWidth(level, dir)));
            var protrusion = spec.CorticalExpansion ? rng.Range(5, 8) : -rng.Range(3, 7);
            CentreX = edge - (dir * (RadiusX - protrusion));
            CentreY = femur ? knee.FemurBottom(CentreX) - RadiusY + 3 : knee.TibiaTop(CentreX) + RadiusY - 3;
            if (spec.CorticalExpansion)
            {
                var bulge = new Bulge(dir, CentreY, RadiusY * 0.85, protrusion + 2);
                if (femur)
                {
                    knee.FemurBulge = bulge;
                }
                else
                {
                    knee.TibiaBulge = bulge;
                }
            }

            MarginWidth = 1.3;
            Lobulation = rng.Range(3.5, 6);
            var seeds = new List<(double X, double Y)>();
            var count = 5 + rng.NextInt(3);
            while (seeds.Count < count)
            {
                var sx = rng.Range(-0.8, 0.8);
                var sy = rng.Range(-0.8, 0.8);
                if ((sx * sx) + (sy * sy) < 0.64)
                {
                    seeds.Add((CentreX + (sx * RadiusX), CentreY + (sy * RadiusY)));
                }
            }

            BubbleSeeds = seeds;
            return;
        }

        // Osteosarcoma: in the metaphysis, its near end reaching the growth plate.
        var physis = femur ? knee.FemurPhysisY(knee.Cx) : knee.TibiaPhysisY(knee.Cx);
        CentreY = physis + (TowardShaft * ((RadiusY * 0.85) + 4));
        var width = femur ? knee.FemurHalfWidth(CentreY, 1) : knee.TibiaHalfWidth(CentreY, 1);
        CentreX = knee.Cx + (ImageDirection == 0 ? rng.Range(-4, 4) : ImageDirection * width * 0.32);
        MarginWidth = rng.Range(18, 24);
        Lobulation = rng.Range(9, 13);
        BubbleSeeds = [];

        if (spec.SoftTissueMass)
        {
            int[] directions = ImageDirection == 0 ? [-1, 1] : [ImageDirection];
            var masses = new List<SoftTissueMass>();
            foreach (var dir in directions)
            {
                var reach = (ImageDirection == 0 ? rng.Range(14, 20) : rng.Range(20, 30)) * knee.S;
                var y = CentreY + (TowardShaft * RadiusY * 0.1);
                var boneEdge = knee.Cx + (dir * (femur ? knee.FemurHalfWidth(y, dir) : knee.TibiaHalfWidth(y, dir)));
                masses.Add(new SoftTissueMass(dir, boneEdge + (dir * reach * 0.25), y, reach, RadiusY * 1.05));
            }

            Masses = masses;
        }

        CodmanLength = rng.Range(16, 24) * knee.S;
        CodmanThickness = rng.Range(6, 9) * knee.S;
        SpiculeCount = 70 + rng.NextInt(30);
        LamellaCount = 2 + rng.NextInt(2);
    }

    public BoneSite Site { get; }

    public double CentreX { get; }

    public double CentreY { get; }

    public double RadiusX { get; }

    public double RadiusY { get; }

    /// <summary>−1 or +1 for an eccentric lesion (the side it leans to in the image), 0 when central.</summary>
    public int ImageDirection { get; }

    /// <summary>−1 when the shaft is up the image (femur), +1 when it is down (tibia).</summary>
    public int TowardShaft { get; }

    /// <summary>Half-width of the zone of transition in pixels: narrow for geographic, wide for permeative.</summary>
    public double MarginWidth { get; }

    /// <summary>Amplitude in pixels of the margin's lobulation.</summary>
    public double Lobulation { get; }

    public IReadOnlyList<(double X, double Y)> BubbleSeeds { get; }

    public IReadOnlyList<SoftTissueMass> Masses { get; } = [];

    public double CodmanLength { get; }

    public double CodmanThickness { get; }

    public int SpiculeCount { get; }

    public int LamellaCount { get; }

    /// <summary>The end of the lesion towards the shaft, where a Codman triangle forms.</summary>
    public double ShaftEndY => CentreY + (TowardShaft * RadiusY * 1.1);

    /// <summary>Approximate signed distance in pixels to the lesion's ellipse (negative inside).</summary>
    public double EllipseDistance(double x, double y)
    {
        var dx = x - CentreX;
        var dy = y - CentreY;
        var k = Math.Sqrt(((dx * dx) / (RadiusX * RadiusX)) + ((dy * dy) / (RadiusY * RadiusY)));
        var gx = dx / (RadiusX * RadiusX);
        var gy = dy / (RadiusY * RadiusY);
        var g = Math.Sqrt((gx * gx) + (gy * gy));
        return g < 1e-12 ? -Math.Min(RadiusX, RadiusY) : k * (k - 1) / g;
    }
}
