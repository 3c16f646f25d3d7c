using System.Globalization;
using System.Text;
using BoneTumorTutor.PhantomGenerator.Rendering;

namespace BoneTumorTutor.PhantomGenerator;

/// <summary>
/// Writes a phantom's <c>case.md</c> (content/README.md's front matter and teaching notes). The notes are
/// derived from the spec, so they describe exactly what the generator drew.
/// </summary>
public static class CaseNotesWriter
{
    public const string ImageFileName = "image.png";

    public static string Write(PhantomSpec spec, PhantomImage image)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(image);
        var gct = spec.Diagnosis == PhantomDiagnosis.GiantCellTumor;
        var box = image.LesionBox;
        var md = new Lines();

        md.Add("---");
        md.Add($"id: {spec.Id}");
        md.Add($"title: {spec.Title}");
        md.Add($"diagnosis: {(gct ? "giant-cell-tumor" : "osteosarcoma")}");
        md.Add("proven_by: synthetic");
        md.Add($"age: {spec.Age}");
        md.Add($"sex: {Sex(spec)}");
        md.Add($"site: {(spec.Site == BoneSite.DistalFemur ? "distal femur" : "proximal tibia")}");
        md.Add($"side: {Side(spec)}");
        md.Add("view: AP");
        md.Add($"image: {ImageFileName}");
        md.Add($"lesion_box: [{box.X}, {box.Y}, {box.Width}, {box.Height}]");
        md.Add($"source: BoneTumorTutor phantom generator (tools/PhantomGenerator), seed {spec.Seed}");
        md.Add("license: CC0-1.0");
        md.Add("attribution: BoneTumorTutor project");
        md.Add("synthetic: true");
        md.Add("status: published");
        md.Add("---");

        md.Add("## Findings");
        md.Add();
        md.Add($"Synthetic teaching phantom: AP view of the {Side(spec)} knee, given as a {spec.Age}-year-old {Sex(spec)}. "
            + (spec.OpenPhysis
                ? "The growth plates (physes) are open."
                : "The growth plates are closed; only a thin sclerotic physeal scar remains."));
        md.Add();
        if (gct)
        {
            GiantCellTumorFindings(md, spec, image);
        }
        else
        {
            OsteosarcomaFindings(md, spec);
        }

        md.Add();
        md.Add("## Discussion");
        md.Add();
        md.Add($"This image was drawn by the project's phantom generator (seed {spec.Seed}); it is not a radiograph of a real "
            + "patient. The anatomy is stylised and the lesion is drawn to show the textbook pattern of "
            + (gct ? "giant cell tumour of bone (GCT)" : "a predominantly lytic conventional osteosarcoma (OS)")
            + ". Real lesions vary far more, and imaging alone never proves the diagnosis.");
        md.Add();
        md.Add(gct ? GiantCellTumorDiscussion : OsteosarcomaDiscussion);
        md.Add();
        md.Add("## Key discriminators");
        md.Add();
        if (gct)
        {
            md.Add($"- **Age and physis:** {spec.Age} years, physes closed. GCT arises in the mature skeleton; OS peaks in adolescents with open growth plates.");
            md.Add("- **Location:** epiphyseal and eccentric, reaching the subchondral bone. OS is centred in the metaphysis.");
            md.Add("- **Zone of transition:** narrow (geographic). A wide, permeative zone signals an aggressive lesion such as OS.");
            md.Add("- **Periosteal reaction:** none. A Codman triangle, sunburst spicules or interrupted lamellae would favour OS.");
            md.Add("- **Matrix:** none. Cloud-like osteoid matrix would favour OS.");
            md.Add("- **Soft-tissue mass:** none here (GCT can break through the cortex, so a mass alone does not exclude it).");
        }
        else
        {
            md.Add($"- **Age and physis:** {spec.Age} years, physes open: the age group in which OS peaks. GCT with an open physis is uncommon.");
            md.Add("- **Location:** metaphyseal, sparing the epiphysis. GCT typically reaches the subchondral bone of the epiphysis.");
            md.Add("- **Zone of transition:** wide, permeative: an aggressive pattern.");
            md.Add($"- **Periosteal reaction:** {Capitalise(PeriostealShortList(spec))}: an aggressive pattern.");
            md.Add(spec.OsteoidMatrix
                ? "- **Matrix:** cloud-like osteoid, which strongly favours OS over GCT."
                : "- **Matrix:** none visible. Absent matrix does not exclude OS; lytic OS is the classic mimic of GCT.");
            md.Add(spec.SoftTissueMass
                ? $"- **Soft-tissue mass:** present, {MassSide(spec)}."
                : "- **Soft-tissue mass:** none visible.");
        }

        return md.ToString();
    }

    private const string GiantCellTumorDiscussion =
        "GCT is a locally aggressive, usually benign tumour of skeletally mature adults, most often between 20 and 40 "
        + "years of age and slightly more often in women; about half arise around the knee. The typical radiograph shows "
        + "an eccentric lytic lesion in the epiphysis that extends to the subchondral bone, often with metaphyseal "
        + "extension, a narrow zone of transition, usually no sclerotic rim and no matrix. The \"soap-bubble\" look comes "
        + "from ridges on the lesion's wall rather than true septa. Cortical thinning and expansion are common; cortical "
        + "breakthrough, a soft-tissue component or a pathological fracture (which can bring periosteal reaction) do occur.";

    private const string OsteosarcomaDiscussion =
        "OS is the most common primary malignant bone tumour of children and adolescents, peaking in the second decade "
        + "and slightly more often in males; it most often arises in the metaphysis of the distal femur or proximal tibia. "
        + "Its radiographic pattern is aggressive: permeative or moth-eaten destruction with a wide zone of transition, "
        + "cortical destruction, aggressive periosteal reaction (Codman triangle, spiculated \"sunburst\", interrupted "
        + "lamellated \"onion-skin\") and a soft-tissue mass. Most tumours produce osteoid that mineralises as cloud-like "
        + "density; predominantly lytic forms, including telangiectatic OS, show little or none and are the ones most "
        + "easily mistaken for GCT. Biopsy confirms the diagnosis; MRI shows the local extent.";

    private static void GiantCellTumorFindings(Lines md, PhantomSpec spec, PhantomImage image)
    {
        var part = spec.Site == BoneSite.DistalFemur
            ? $"the {Anatomical(spec)} femoral condyle"
            : $"the {Anatomical(spec)} tibial plateau";
        md.Add($"- An eccentric lytic lesion in {part}, about {Size(spec)}: epiphyseal, reaching the subchondral bone "
            + "plate of the articular surface"
            + (image.ReachesMetaphysis ? ", and extending across the physeal scar into the metaphysis." : "."));
        md.Add("- Geographic lysis with a narrow zone of transition: the margin is sharp and lobulated but not sclerotic.");
        if (spec.SoapBubble)
        {
            md.Add("- Thin curved ridges inside the lesion give a multiloculated \"soap-bubble\" look.");
        }

        md.Add(spec.CorticalExpansion
            ? $"- The {Anatomical(spec)} cortex is thinned and gently expanded but intact."
            : $"- The {Anatomical(spec)} cortex is thinned where the lesion abuts it, but not expanded or breached.");
        md.Add("- No periosteal reaction, no mineralised matrix and no soft-tissue mass.");
    }

    private static void OsteosarcomaFindings(Lines md, PhantomSpec spec)
    {
        var bone = spec.Site == BoneSite.DistalFemur ? "distal femoral" : "proximal tibial";
        var where = spec.Position == LesionPosition.Central
            ? $"centred in the {bone} metaphysis"
            : $"in the {bone} metaphysis, eccentric to the {Anatomical(spec)} side";
        md.Add($"- A poorly defined lytic lesion {where}, about {Size(spec)}, stopping at the open physis.");
        md.Add("- Permeative, moth-eaten destruction with a wide zone of transition: the holes thin out gradually into "
            + "normal-looking bone, so no clear margin can be drawn.");
        md.Add(spec.Position == LesionPosition.Central
            ? "- The cortex is destroyed on both sides of the metaphysis."
            : $"- The {Anatomical(spec)} cortex is destroyed.");
        md.Add($"- Aggressive periosteal reaction: {PeriostealList(spec)}.");
        if (spec.SoftTissueMass)
        {
            md.Add($"- A soft-tissue mass {MassSide(spec)} bows the intermuscular fat plane outward.");
        }

        md.Add(spec.OsteoidMatrix
            ? "- Fluffy, cloud-like densities in the lesion and the mass: mineralised osteoid matrix."
            : "- No mineralised matrix: a predominantly lytic pattern.");
    }

    private static string PeriostealShortList(PhantomSpec spec)
    {
        var parts = new List<string>();
        if (spec.Periosteal.HasFlag(PeriostealReaction.CodmanTriangle))
        {
            parts.Add("Codman triangle");
        }

        if (spec.Periosteal.HasFlag(PeriostealReaction.Sunburst))
        {
            parts.Add("sunburst spicules");
        }

        if (spec.Periosteal.HasFlag(PeriostealReaction.Lamellated))
        {
            parts.Add("interrupted lamellae");
        }

        return parts.Count == 0 ? "none" : string.Join(" and ", parts);
    }

    private static string PeriostealList(PhantomSpec spec)
    {
        var shaftEnd = spec.Site == BoneSite.DistalFemur ? "upper" : "lower";
        var parts = new List<string>();
        if (spec.Periosteal.HasFlag(PeriostealReaction.CodmanTriangle))
        {
            parts.Add($"a Codman triangle at the lesion's {shaftEnd} end, where the lifted periosteum meets the cortex");
        }

        if (spec.Periosteal.HasFlag(PeriostealReaction.Sunburst))
        {
            parts.Add("spiculated \"sunburst\" new bone radiating into the mass");
        }

        if (spec.Periosteal.HasFlag(PeriostealReaction.Lamellated))
        {
            parts.Add("interrupted lamellated (\"onion-skin\") new bone along the cortex");
        }

        return parts.Count switch
        {
            0 => "none",
            1 => parts[0],
            _ => string.Join("; ", parts.Take(parts.Count - 1)) + "; and " + parts[^1],
        };
    }

    private static string MassSide(PhantomSpec spec) =>
        spec.Position == LesionPosition.Central ? "on both sides of the metaphysis" : $"on the {Anatomical(spec)} side";

    private static string Size(PhantomSpec spec) =>
        string.Create(CultureInfo.InvariantCulture, $"{spec.LesionWidthMm / 10.0:0.0} × {spec.LesionHeightMm / 10.0:0.0} cm");

    private static string Anatomical(PhantomSpec spec) => spec.Position switch
    {
        LesionPosition.Medial => "medial",
        LesionPosition.Lateral => "lateral",
        _ => "central",
    };

    private static string Sex(PhantomSpec spec) => spec.Sex == PatientSex.Male ? "male" : "female";

    private static string Side(PhantomSpec spec) => spec.Side == KneeSide.Left ? "left" : "right";

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Builds text with "\n" line ends whatever the platform, so the file's bytes never vary.</summary>
    private sealed class Lines
    {
        private readonly StringBuilder _text = new();

        public void Add(string line = "") => _text.Append(line).Append('\n');

        public override string ToString() => _text.ToString();
    }
}
