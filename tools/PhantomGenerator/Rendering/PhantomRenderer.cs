using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using static BoneTumorTutor.PhantomGenerator.Rendering.DetMath;

namespace BoneTumorTutor.PhantomGenerator.Rendering;

/// <summary>The lesion's bounding box in image pixels, as the case format's <c>lesion_box</c> writes it.</summary>
public readonly record struct LesionBox(int X, int Y, int Width, int Height);

/// <summary>
/// One rendered phantom: the PNG file's bytes, the generator's own box around the lesion, and (for a GCT-like
/// lesion) whether it crosses the physeal scar into the metaphysis.
/// </summary>
public sealed record PhantomImage(byte[] Png, LesionBox LesionBox, int Width, int Height, bool ReachesMetaphysis);

/// <summary>
/// Renders a <see cref="PhantomSpec"/> to an 8-bit grayscale AP knee "radiograph": attenuation is summed
/// per pixel (soft tissue, each bone's cortex and trabecular texture, the lesion's lysis, periosteal new
/// bone, matrix and mass), exposed like film, edge-enhanced, blurred and given grain.
/// </summary>
public static class PhantomRenderer
{
    private const int W = KneeGeometry.Width;
    private const int H = KneeGeometry.Height;

    public static PhantomImage Render(PhantomSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var scene = new Scene(spec);
        var pixels = scene.Draw(out var box);
        return new PhantomImage(EncodePng(pixels), box, W, H, scene.ReachesMetaphysis);
    }

    private static byte[] EncodePng(byte[] pixels)
    {
        using var image = Image.LoadPixelData<L8>(pixels, W, H);
        var encoder = new PngEncoder
        {
            ColorType = PngColorType.Grayscale,
            BitDepth = PngBitDepth.Bit8,
            CompressionLevel = PngCompressionLevel.BestCompression,
            FilterMethod = PngFilterMethod.Adaptive,
            InterlaceMethod = PngInterlaceMode.None,
            ChunkFilter = PngChunkFilter.ExcludeAll,
            IgnoreMetadata = true,
        };
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>One phantom being drawn: its geometry, lesion, noise sources and intermediate planes.</summary>
    private sealed class Scene
    {
        private const double BoneAttenuation = 1.0;
        private const double MassAttenuation = 0.42;
        private const double CortexScale = 0.22;
        private const double TrabecularScale = 0.2;

        private readonly PhantomSpec _spec;
        private readonly KneeGeometry _knee;
        private readonly LesionLayout _lesion;
        private readonly bool _isGct;
        private readonly ValueNoise _fibres;
        private readonly ValueNoise _web;
        private readonly ValueNoise _marrow;
        private readonly ValueNoise _lobes;
        private readonly ValueNoise _smallHoles;
        private readonly ValueNoise _largeHoles;
        private readonly ValueNoise _septa;
        private readonly ValueNoise _matrix;
        private readonly ValueNoise _spicules;
        private readonly ValueNoise _mottle;
        private readonly SplitMix64 _grain;
        private readonly double _grainLevel;

        public Scene(PhantomSpec spec)
        {
            _spec = spec;
            var rng = new SplitMix64(spec.Seed);
            _knee = new KneeGeometry(spec, rng);
            _lesion = new LesionLayout(spec, _knee, rng);
            _isGct = spec.Diagnosis == PhantomDiagnosis.GiantCellTumor;
            ValueNoise Next() => new(rng.NextUInt64());
            _fibres = Next();
            _web = Next();
            _marrow = Next();
            _lobes = Next();
            _smallHoles = Next();
            _largeHoles = Next();
            _septa = Next();
            _matrix = Next();
            _spicules = Next();
            _mottle = Next();
            _grain = new SplitMix64(rng.NextUInt64());

            // Detector noise varies from film to film. It also spreads the PNG sizes, which would otherwise
            // follow the lesion type (a permeative lesion compresses worse) and could hint at the answer.
            _grainLevel = rng.Range(0.008, 0.017);
        }

        public bool ReachesMetaphysis => _lesion.Site == BoneSite.DistalFemur
            ? _lesion.CentreY - _lesion.RadiusY < _knee.FemurPhysisY(_lesion.CentreX)
            : _lesion.CentreY + _lesion.RadiusY > _knee.TibiaPhysisY(_lesion.CentreX);

        public byte[] Draw(out LesionBox box)
        {
            var femur = _lesion.Site == BoneSite.DistalFemur;
            var lesionBone = new bool[W * H];
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    lesionBone[(y * W) + x] = femur ? _knee.InFemur(x + 0.5, y + 0.5) : _knee.InTibia(x + 0.5, y + 0.5);
                }
            }

            var outsideLesionBone = Raster.DistanceInside(Raster.Not(lesionBone), W, H);

            var attenuation = new double[W * H];
            var matrix = new double[W * H];
            var effect = new double[W * H];
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var i = (y * W) + x;
                    var px = x + 0.5;
                    var py = y + 0.5;
                    double lysis = 0;
                    var bone = LongBone(femur: true, px, py, ref lysis, ref matrix[i])
                        + LongBone(femur: false, px, py, ref lysis, ref matrix[i])
                        + Fibula(px, py)
                        + Patella(px, py);

                    var mass = 0.0;
                    foreach (var m in _lesion.Masses)
                    {
                        mass = Math.Max(mass, m.Profile(px, py));
                    }

                    var periosteal = lesionBone[i] ? 0 : PeriostealBone(px, py, outsideLesionBone[i] - 0.5, mass, ref matrix[i]);
                    attenuation[i] = SoftTissue(px, py, mass) + (MassAttenuation * mass) + (BoneAttenuation * (bone + periosteal)) + FieldFalloff(px, py);
                    effect[i] = Math.Max(Math.Max(lysis, periosteal), Math.Max(mass, matrix[i]));
                }
            }

            box = BoundingBox(effect, 0.12);

            // Osteoid matrix is fluffy: blur it before adding it to the exposure.
            var softMatrix = Raster.GaussianBlur(matrix, W, H, 2.0);
            var exposure = new double[W * H];
            for (var i = 0; i < exposure.Length; i++)
            {
                exposure[i] = 1 - Exp(-(attenuation[i] + (BoneAttenuation * softMatrix[i])));
            }

            DrawMarker(exposure);
            return Develop(exposure);
        }

        /// <summary>
        /// Path length through a tube (or ball) of radius <paramref name="radius"/> with a cortex of
        /// thickness <paramref name="cortex"/>, at normalised offset <paramref name="u"/> from its axis:
        /// the cortex seen end-on at the edges is why bone outlines look bright.
        /// </summary>
        private static double Shell(double u, double radius, double cortex, double trabecular, double cortexKeep, double innerKeep)
        {
            var u2 = Math.Min(1, u * u);
            var outer = Math.Sqrt(1 - u2);
            var r = Math.Max(0, 1 - (cortex / radius));
            var inner = u2 < r * r ? Math.Sqrt((r * r) - u2) : 0;
            var scale = Math.Sqrt(radius);
            return (CortexScale * scale * (outer - inner) * cortexKeep) + (TrabecularScale * scale * inner * trabecular * innerKeep);
        }

        /// <summary>Distal femur or proximal tibia: a tube across, closed by the articular surface, split by the physis.</summary>
        private double LongBone(bool femur, double x, double y, ref double lysis, ref double matrix)
        {
            var left = femur ? _knee.FemurHalfWidth(y, -1) : _knee.TibiaHalfWidth(y, -1);
            var right = femur ? _knee.FemurHalfWidth(y, 1) : _knee.TibiaHalfWidth(y, 1);
            var radius = (left + right) / 2;
            var centre = _knee.Cx + ((right - left) / 2);
            var lateral = radius - Math.Abs(x - centre);
            var end = femur ? _knee.FemurBottom(x) - y : y - _knee.TibiaTop(x);
            if (lateral <= -1 || end <= -1)
            {
                return 0;
            }

            var s = _knee.S;
            var fromJoint = femur ? _knee.JointY - y : y - _knee.JointY;
            var corticalThickness = Lerp(2.4, 9 * s, SmoothStep(70 * s, 220 * s, fromJoint));
            var trabecular = Lerp(0.34, 0.16, SmoothStep(100 * s, 200 * s, fromJoint));
            var vertical = 0.25 + (0.55 * SmoothStep(35 * s, 80 * s, fromJoint));
            var textureAmount = 1 - (0.6 * SmoothStep(110 * s, 200 * s, fromJoint));
            var physisY = femur ? _knee.FemurPhysisY(x) : _knee.TibiaPhysisY(x);
            var towardShaft = femur ? -1 : 1;

            var cortexKeep = 1.0;
            var innerKeep = 1.0;
            var added = 0.0;
            if (femur == (_lesion.Site == BoneSite.DistalFemur))
            {
                var l = _isGct
                    ? GeographicLysis(x, y, ref corticalThickness, ref cortexKeep, ref added)
                    : PermeativeLysis(x, y, physisY, towardShaft, ref cortexKeep, ref matrix);
                innerKeep = 1 - l;
                lysis = Math.Max(lysis, l);
            }

            var u = (x - centre) / radius;
            var tube = Shell(u, radius, corticalThickness, trabecular * Texture(x, y, vertical, textureAmount), cortexKeep, innerKeep);

            // Towards the articular surface the condyles curve away; there the subchondral plate is seen edge-on.
            var rounding = 0.4 + (0.6 * Math.Sqrt(Clamp01(end / (14 * s))));
            var plate = 0.55 * (1 - SmoothStep(1.6, 3.2, end)) * Math.Sqrt(1 - Math.Min(1, u * u * 0.8));
            var physeal = PhysealLine(y, physisY, towardShaft) * Math.Sqrt(1 - Math.Min(1, u * u)) * innerKeep;
            var density = (tube * rounding) + (plate * cortexKeep) + physeal + added;

            if (_knee.OpenPhysis)
            {
                var cartilage = 1 - SmoothStep(_knee.PhysisHalfThickness - 0.6, _knee.PhysisHalfThickness + 0.6, Math.Abs(y - physisY));
                density *= 1 - (0.85 * cartilage);
            }

            return density * SmoothStep(-0.6, 0.9, lateral) * SmoothStep(-0.6, 0.9, end);
        }

        private double Fibula(double x, double y)
        {
            var k = _knee;
            var head = Ball(x, y, k.FibulaHeadX, k.FibulaHeadY, k.FibulaHeadRadiusX, k.FibulaHeadRadiusY, 2.2);
            var (ax, ay, arx, ary) = k.FibulaApex;
            var apex = Ball(x, y, ax, ay, arx, ary, 1.8);
            var shaft = 0.0;
            if (y > k.FibulaHeadY)
            {
                var half = k.FibulaShaftHalfWidth(y);
                var centre = k.FibulaShaftCentre(y);
                var lateral = half - Math.Abs(x - centre);
                if (lateral > -1)
                {
                    var ct = Lerp(2.0, 3.2, SmoothStep(k.FibulaHeadY, k.FibulaHeadY + (60 * k.S), y));
                    shaft = Shell((x - centre) / half, half, ct, 0.5 * Texture(x, y, 0.7, 0.6), 1, 1) * SmoothStep(-0.6, 0.9, lateral);
                }
            }

            var density = Math.Max(Math.Max(head, apex), shaft);
            if (k.OpenPhysis)
            {
                var cartilage = 1 - SmoothStep(k.PhysisHalfThickness - 0.6, k.PhysisHalfThickness + 0.6, Math.Abs(y - k.FibulaPhysisY) * 1.3);
                density *= 1 - (0.85 * cartilage);
            }

            return density;
        }

        private double Patella(double x, double y) =>
            0.3 * Ball(x, y, _knee.PatellaX, _knee.PatellaY, _knee.PatellaRadiusX, _knee.PatellaRadiusY, 2.5);

        /// <summary>A rounded bone (fibular head, patella) projected as a shelled ellipsoid.</summary>
        private double Ball(double x, double y, double cx, double cy, double rx, double ry, double cortex)
        {
            var dx = (x - cx) / rx;
            var dy = (y - cy) / ry;
            var k = Math.Sqrt((dx * dx) + (dy * dy));
            var radius = Math.Min(rx, ry);
            var inside = (1 - k) * radius;
            return inside <= -1
                ? 0
                : Shell(k, radius, cortex, 0.5 * Texture(x, y, 0.2, 0.8), 1, 1) * SmoothStep(-0.6, 0.9, inside);
        }

        /// <summary>Sclerotic zone of provisional calcification beside an open physis, or the thin scar of a closed one.</summary>
        private double PhysealLine(double y, double physisY, int towardShaft)
        {
            if (!_knee.OpenPhysis)
            {
                return 0.26 * Math.Max(0, 1 - (Math.Abs(y - physisY) / 1.3));
            }

            var centre = physisY + (towardShaft * (_knee.PhysisHalfThickness + 1.6));
            return 0.22 * Math.Max(0, 1 - (Math.Abs(y - centre) / 1.6));
        }

        private double Texture(double x, double y, double vertical, double amount)
        {
            // Ridged noise gives thin branching lines; stretched along y they read as the vertical
            // trabeculae of the metaphysis, round ones as the epiphysis's web.
            var fibres = _fibres.Ridged(x * 0.24, y * 0.075, 3);
            var web = _web.Ridged(x * 0.16, y * 0.16, 3);
            var t = Lerp(web, fibres, vertical);
            var trabecular = (t * t * t) - 0.3;
            var marrow = _marrow.Fbm(x * 0.025, y * 0.025, 2) - 0.5;
            return 1 + (amount * ((0.7 * trabecular) + (0.3 * marrow)));
        }

        /// <summary>GCT-like lysis: one lobulated region with a sharp edge, thinned (perhaps expanded) cortex, optional ridges.</summary>
        private double GeographicLysis(double x, double y, ref double corticalThickness, ref double cortexKeep, ref double added)
        {
            var sd = _lesion.EllipseDistance(x, y) + (_lesion.Lobulation * ((2 * _lobes.Fbm(x * 0.045, y * 0.045, 2)) - 1));
            var inside = 1 - SmoothStep(-_lesion.MarginWidth, _lesion.MarginWidth, sd);
            corticalThickness = Lerp(corticalThickness, 1.3, inside);
            cortexKeep = 1 - (0.45 * inside);
            if (_spec.SoapBubble && sd < -1)
            {
                // Ridges on the lesion's wall project as thin curved lines: the "soap bubble" look.
                // Warping the plane before the Voronoi test bends the cell borders.
                var wx = x + (10 * (_septa.Fbm(x * 0.03, y * 0.03, 2) - 0.5));
                var wy = y + (10 * (_septa.Fbm((x * 0.03) + 31.7, (y * 0.03) + 11.3, 2) - 0.5));
                double d1 = double.MaxValue, d2 = double.MaxValue;
                foreach (var (sx, sy) in _lesion.BubbleSeeds)
                {
                    var dist = Math.Sqrt(((wx - sx) * (wx - sx)) + ((wy - sy) * (wy - sy)));
                    if (dist < d1)
                    {
                        d2 = d1;
                        d1 = dist;
                    }
                    else if (dist < d2)
                    {
                        d2 = dist;
                    }
                }

                var ridge = 1 - SmoothStep(0.8, 2.6, d2 - d1);
                var gate = SmoothStep(0.35, 0.55, _septa.Fbm(x * 0.05, y * 0.05, 2));
                added = 0.22 * ridge * gate * SmoothStep(-1, -6, sd);
            }

            // Not uniformly empty: residual bone and the tumour itself leave a faint, uneven haze.
            return inside * (0.66 + (0.25 * (_lobes.Fbm((x * 0.08) + 50, y * 0.08, 2) - 0.5)));
        }

        /// <summary>OS-like lysis: a wide zone of transition, holes that grow denser towards the centre, cortex destroyed on the mass side.</summary>
        private double PermeativeLysis(double x, double y, double physisY, int towardShaft, ref double cortexKeep, ref double matrix)
        {
            var sd = _lesion.EllipseDistance(x, y) + (_lesion.Lobulation * ((2 * _lobes.Fbm(x * 0.03, y * 0.03, 2)) - 1));
            var intoMetaphysis = (y - physisY) * towardShaft;
            var core = (1 - SmoothStep(-_lesion.MarginWidth, _lesion.MarginWidth, sd)) * SmoothStep(0, 8, intoMetaphysis);
            if (core <= 0)
            {
                return 0;
            }

            var small = _smallHoles.Fbm(x * 0.25, y * 0.25, 2);
            var large = _largeHoles.Fbm(x * 0.11, y * 0.11, 2);
            var smallThreshold = 0.53 + (0.2 * (1 - core));
            var largeThreshold = 0.56 + (0.2 * (1 - core));
            var holes = Math.Max(
                SmoothStep(smallThreshold - 0.05, smallThreshold + 0.05, small),
                SmoothStep(largeThreshold - 0.05, largeThreshold + 0.05, large));

            var onMassSide = _lesion.ImageDirection == 0 || (x - _knee.Cx) * _lesion.ImageDirection > 0;
            cortexKeep = 1 - (core * (onMassSide ? 1 : 0.35) * (0.3 + (0.65 * holes)));
            if (_spec.OsteoidMatrix)
            {
                matrix = Math.Max(matrix, 0.5 * Cloud(x, y) * SmoothStep(0.3, 0.7, core));
            }

            return core * (0.32 + (0.6 * holes));
        }

        private double Cloud(double x, double y) => SmoothStep(0.5, 0.66, _matrix.Fbm(x * 0.04, y * 0.04, 4));

        /// <summary>New bone outside the cortex: Codman triangle, sunburst spicules, lamellae; and matrix in the mass.</summary>
        private double PeriostealBone(double x, double y, double outward, double mass, ref double matrix)
        {
            if (_isGct || outward > 60)
            {
                return 0;
            }

            var side = x < _knee.Cx ? -1 : 1;
            var reacts = _lesion.Masses.Count == 0
                ? _lesion.ImageDirection == 0 || _lesion.ImageDirection == side
                : _lesion.Masses.Any(m => m.ImageDirection == side);
            if (!reacts)
            {
                return 0;
            }

            var beyondEnd = (y - _lesion.ShaftEndY) * _lesion.TowardShaft;
            var span = 2 * _lesion.RadiusY * 0.95;
            var density = 0.0;
            var reaction = _spec.Periosteal;

            if (reaction.HasFlag(PeriostealReaction.CodmanTriangle) && beyondEnd >= 0 && beyondEnd <= _lesion.CodmanLength)
            {
                var thickness = _lesion.CodmanThickness * (1 - (beyondEnd / _lesion.CodmanLength));
                var within = SmoothStep(thickness + 0.7, thickness - 0.7, outward);
                density += within * (0.28 + (0.35 * Math.Max(0, 1 - ((thickness - outward) / 1.3))));
            }

            if (reaction.HasFlag(PeriostealReaction.Lamellated) && beyondEnd < 0 && beyondEnd > -span)
            {
                var taper = SmoothStep(0, 8, -beyondEnd) * SmoothStep(-span, -span + 12, beyondEnd);
                var breach = SmoothStep(span * 0.10, (span * 0.10) + 4, Math.Abs(beyondEnd + (span * 0.45)));
                for (var k = 0; k < _lesion.LamellaCount; k++)
                {
                    var at = 2.5 + (3.2 * k);
                    density += 0.38 * taper * breach * Math.Max(0, 1 - (Math.Abs(outward - at) / 0.9));
                }
            }

            if (reaction.HasFlag(PeriostealReaction.Sunburst) && mass > 0 && outward > 0)
            {
                // Spicules radiate from the lesion; each has its own brightness and length.
                var theta = Atan2(y - _lesion.CentreY, x - _lesion.CentreX);
                var index = theta * _lesion.SpiculeCount / (2 * Math.PI);
                var wobble = 2.5 * _spicules.Fbm((theta * 4) + 10, 0.5, 2);
                var line = SmoothStep(0.72, 0.96, Cos((_lesion.SpiculeCount * theta) + wobble));
                var strength = 0.3 + (0.7 * _spicules.Sample(index + 0.5, 3.1));
                var reach = _lesion.Masses.First(m => m.ImageDirection == side).RadiusX * (0.45 + (0.7 * _spicules.Sample(index + 0.5, 9.7)));
                var fade = SmoothStep(reach, reach * 0.4, outward);
                density += 0.6 * line * strength * fade * SmoothStep(0, 0.15, mass);
            }

            if (_spec.OsteoidMatrix && mass > 0)
            {
                matrix = Math.Max(matrix, 0.4 * Cloud(x, y) * SmoothStep(30, 6, outward) * SmoothStep(0, 0.3, mass));
            }

            return density;
        }

        private double SoftTissue(double x, double y, double mass)
        {
            var s = Lerp(1, _knee.S, 0.7) * _knee.Habitus;
            var halfWidth = (y < _knee.JointY
                ? Lerp(172, 150, SmoothStep(0, _knee.JointY, y))
                : Lerp(150, 132, SmoothStep(_knee.JointY, H, y))) * s;
            var side = x < _knee.Cx ? -1 : 1;
            foreach (var m in _lesion.Masses)
            {
                if (m.ImageDirection == side)
                {
                    var reach = m.Reach(y, _knee.Cx);
                    if (reach > 0)
                    {
                        halfWidth = Math.Max(halfWidth, reach + 8);
                    }
                }
            }

            var dx = Math.Abs(x - _knee.Cx);
            if (dx >= halfWidth)
            {
                return 0;
            }

            var q = dx / halfWidth;
            var thickness = Math.Sqrt(1 - (q * q));
            var fromSkin = halfWidth - dx;
            var fat = SmoothStep(1.5, 4, fromSkin) * (1 - SmoothStep(9, 16, fromSkin)) * (1 - SmoothStep(0, 0.3, mass));
            var skin = 0.05 * (1 - SmoothStep(0.5, 2.5, fromSkin));
            return (0.42 * thickness * (halfWidth / 160) * (1 - (0.25 * fat))) + skin - (0.03 * FatPlanes(x, y, side));
        }

        /// <summary>Two lucent intermuscular fat planes beside the bone on each side; a mass bows them outward.</summary>
        private double FatPlanes(double x, double y, int side)
        {
            var s = _knee.S;
            var fromJoint = Math.Abs(y - _knee.JointY);
            var boneEdge = y < _knee.JointY ? _knee.FemurHalfWidth(y, side) : _knee.TibiaHalfWidth(y, side);
            var reach = 0.0;
            foreach (var m in _lesion.Masses)
            {
                if (m.ImageDirection == side)
                {
                    reach = Math.Max(reach, m.Reach(y, _knee.Cx));
                }
            }

            var planes = 0.0;
            foreach (var offset in (ReadOnlySpan<double>)[20, 48])
            {
                var at = Math.Max(boneEdge + (offset * s), reach + (offset * s * 0.3));
                var distance = Math.Abs(Math.Abs(x - _knee.Cx) - at);
                planes += 1 - SmoothStep(1.0, 4.0, distance);
            }

            return planes * SmoothStep(30 * s, 70 * s, fromJoint);
        }

        private static double FieldFalloff(double x, double y)
        {
            var u = (x - (W / 2.0)) / (W / 2.0);
            var v = (y - (H / 2.0)) / (H / 2.0);
            return (0.025 * ((u * u) + (v * v))) + (0.02 * y / H);
        }

        private static LesionBox BoundingBox(double[] effect, double threshold)
        {
            int minX = W, minY = H, maxX = -1, maxY = -1;
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    if (effect[(y * W) + x] > threshold)
                    {
                        minX = Math.Min(minX, x);
                        maxX = Math.Max(maxX, x);
                        minY = Math.Min(minY, y);
                        maxY = Math.Max(maxY, y);
                    }
                }
            }

            return maxX < 0
                ? throw new InvalidOperationException("The lesion left no mark on the image.")
                : new LesionBox(minX, minY, maxX - minX + 1, maxY - minY + 1);
        }

        /// <summary>A lead side marker (L or R) in the lateral upper corner.</summary>
        private void DrawMarker(double[] exposure)
        {
            string[] glyph = _spec.Side == KneeSide.Left
                ? ["1....", "1....", "1....", "1....", "1....", "1....", "11111"]
                : ["1111.", "1...1", "1...1", "1111.", "1.1..", "1..1.", "1...1"];
            const int Cell = 3;
            var left = _knee.LateralDirection > 0 ? W - 14 - (5 * Cell) : 14;
            const int Top = 14;
            for (var row = 0; row < glyph.Length; row++)
            {
                for (var col = 0; col < 5; col++)
                {
                    if (glyph[row][col] != '1')
                    {
                        continue;
                    }

                    for (var dy = 0; dy < Cell; dy++)
                    {
                        for (var dx = 0; dx < Cell; dx++)
                        {
                            exposure[((Top + (row * Cell) + dy) * W) + left + (col * Cell) + dx] = 0.95;
                        }
                    }
                }
            }
        }

        /// <summary>Edge enhancement, detector blur, mottle and grain, then 8-bit quantisation.</summary>
        private byte[] Develop(double[] exposure)
        {
            var broad = Raster.GaussianBlur(exposure, W, H, 6);
            var enhanced = new double[exposure.Length];
            for (var i = 0; i < exposure.Length; i++)
            {
                enhanced[i] = exposure[i] + (0.3 * (exposure[i] - broad[i]));
            }

            var sharpness = Raster.GaussianBlur(enhanced, W, H, 0.7);
            var pixels = new byte[exposure.Length];
            for (var y = 0; y < H; y++)
            {
                for (var x = 0; x < W; x++)
                {
                    var i = (y * W) + x;
                    var v = sharpness[i];
                    v += 0.02 * (_mottle.Fbm(x * 0.03, y * 0.03, 3) - 0.5);
                    v += _grainLevel * (0.6 + (0.4 * (1 - v))) * _grain.NextGaussian();
                    v = 0.03 + (0.97 * v);
                    pixels[i] = (byte)Math.Round(Clamp01(v) * 255);
                }
            }

            return pixels;
        }
    }
}
