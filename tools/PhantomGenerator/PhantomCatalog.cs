using BoneTumorTutor.PhantomGenerator.Rendering;

namespace BoneTumorTutor.PhantomGenerator;

/// <summary>The demo content: eight GCT-typical and eight OS-typical phantoms, numbered in a fixed shuffled order.</summary>
public static class PhantomCatalog
{
    private const ulong ShuffleSeed = 0xB0E7_0C45_2024;

    public static IReadOnlyList<PhantomSpec> All { get; } = Build();

    private static PhantomSpec[] Build()
    {
        const PhantomDiagnosis Gct = PhantomDiagnosis.GiantCellTumor;
        const PhantomDiagnosis Os = PhantomDiagnosis.Osteosarcoma;
        const PatientSex F = PatientSex.Female;
        const PatientSex M = PatientSex.Male;
        const KneeSide L = KneeSide.Left;
        const KneeSide R = KneeSide.Right;
        const BoneSite Femur = BoneSite.DistalFemur;
        const BoneSite Tibia = BoneSite.ProximalTibia;
        const PeriostealReaction Codman = PeriostealReaction.CodmanTriangle;
        const PeriostealReaction Sunburst = PeriostealReaction.Sunburst;
        const PeriostealReaction Lamellated = PeriostealReaction.Lamellated;

        PhantomSpec[] designs =
        [
            // Giant cell tumour: mature skeleton, epiphyseal to subchondral, eccentric, geographic.
            new(0, Gct, 27, F, R, Femur, LesionPosition.Lateral, 36, 44, SoapBubble: true, CorticalExpansion: true),
            new(0, Gct, 34, M, L, Tibia, LesionPosition.Medial, 34, 36, CorticalExpansion: true),
            new(0, Gct, 23, F, L, Femur, LesionPosition.Medial, 40, 48, SoapBubble: true, CorticalExpansion: true),
            new(0, Gct, 41, F, R, Tibia, LesionPosition.Lateral, 30, 32),
            new(0, Gct, 29, M, R, Femur, LesionPosition.Medial, 32, 38),
            new(0, Gct, 31, F, L, Tibia, LesionPosition.Lateral, 40, 40, SoapBubble: true, CorticalExpansion: true),
            new(0, Gct, 38, M, L, Femur, LesionPosition.Lateral, 28, 32),
            new(0, Gct, 25, F, R, Tibia, LesionPosition.Medial, 36, 38, SoapBubble: true),

            // Osteosarcoma: open physis, metaphyseal, permeative, aggressive periosteal reaction, mass.
            new(0, Os, 15, M, L, Femur, LesionPosition.Lateral, 44, 54, Codman | Sunburst, SoftTissueMass: true, OsteoidMatrix: true),
            new(0, Os, 12, F, R, Femur, LesionPosition.Central, 46, 48, Codman | Lamellated, SoftTissueMass: true),
            new(0, Os, 16, M, R, Tibia, LesionPosition.Medial, 38, 50, Codman | Sunburst, SoftTissueMass: true),
            new(0, Os, 14, M, L, Femur, LesionPosition.Medial, 42, 52, Lamellated, SoftTissueMass: true, OsteoidMatrix: true),
            new(0, Os, 13, F, L, Tibia, LesionPosition.Lateral, 36, 48, Codman, SoftTissueMass: true),
            new(0, Os, 17, M, R, Femur, LesionPosition.Lateral, 48, 58, Codman | Sunburst, SoftTissueMass: true, OsteoidMatrix: true),
            new(0, Os, 11, F, R, Femur, LesionPosition.Lateral, 36, 46, Codman | Lamellated, SoftTissueMass: true),
            new(0, Os, 16, M, L, Tibia, LesionPosition.Medial, 40, 52, Codman | Sunburst, SoftTissueMass: true),
        ];

        // Fisher–Yates with our own generator, so case numbers do not follow the diagnosis.
        var order = Enumerable.Range(0, designs.Length).ToArray();
        var rng = new SplitMix64(ShuffleSeed);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var specs = new PhantomSpec[designs.Length];
        for (var n = 0; n < order.Length; n++)
        {
            specs[n] = designs[order[n]] with { Number = n + 1 };
        }

        return specs;
    }
}
