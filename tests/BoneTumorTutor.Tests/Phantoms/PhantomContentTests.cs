using System.Text.RegularExpressions;
using BoneTumorTutor.PhantomGenerator;
using SixLabors.ImageSharp;

namespace BoneTumorTutor.Tests.Phantoms;

public partial class PhantomContentTests
{
    private const string Regenerate = "regenerate with: dotnet run --project tools/PhantomGenerator -- --out content/cases";

    public static TheoryData<string> CaseIds => [.. PhantomCatalog.All.Select(spec => spec.Id)];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Committed_Phantom_Is_Byte_Identical_To_A_Fresh_Render(string id)
    {
        var spec = PhantomCatalog.All.Single(s => s.Id == id);
        foreach (var file in PhantomCaseFiles.Generate(spec))
        {
            var path = Path.Combine(CommittedPhantoms.CasesFolder, file.RelativePath);
            Assert.True(File.Exists(path), $"{path} is missing; {Regenerate}");
            Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Content), $"{path} differs from the generator; {Regenerate}");
        }
    }

    [Fact]
    public void Every_Catalogue_Phantom_Is_Committed_And_No_Other()
    {
        var committed = CommittedPhantoms.All().Select(c => c.FolderName);
        Assert.Equal(PhantomCatalog.All.Select(spec => spec.Id).Order(StringComparer.Ordinal), committed);
    }

    [Fact]
    public void Half_Of_The_Phantoms_Show_Each_Diagnosis()
    {
        var diagnoses = CommittedPhantoms.All().Select(c => c["diagnosis"]).ToList();
        Assert.True(diagnoses.Count >= 12, $"only {diagnoses.Count} phantoms");
        Assert.All(diagnoses, d => Assert.Contains(d, new[] { "osteosarcoma", "giant-cell-tumor" }));
        Assert.Equal(diagnoses.Count / 2, diagnoses.Count(d => d == "osteosarcoma"));
        Assert.Equal(diagnoses.Count / 2, diagnoses.Count(d => d == "giant-cell-tumor"));
    }

    [Fact]
    public void Ids_Titles_And_File_Names_Do_Not_Hint_At_The_Diagnosis()
    {
        string[] hints = ["osteo", "sarcoma", "giant", "gct", "tumor", "tumour", "lytic", "benign", "malignant", "os-", "-os"];
        foreach (var c in CommittedPhantoms.All())
        {
            Assert.Equal(c.FolderName, c["id"]);
            Assert.Matches(NeutralId(), c["id"]);
            Assert.Matches(NeutralTitle(), c["title"]);
            Assert.Equal("image.png", c["image"]);
            foreach (var text in new[] { c["id"], c["title"], c["image"] })
            {
                Assert.DoesNotContain(hints, hint => text.Contains(hint, StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    [Fact]
    public void Every_Lesion_Box_Lies_Inside_Its_Image()
    {
        foreach (var c in CommittedPhantoms.All())
        {
            var match = LesionBox().Match(c["lesion_box"]);
            Assert.True(match.Success, $"{c.FolderName}: lesion_box '{c["lesion_box"]}' is not [x, y, width, height]");
            var (x, y, width, height) = (Number(match, 1), Number(match, 2), Number(match, 3), Number(match, 4));
            var info = Image.Identify(Path.Combine(c.Folder, c["image"]));
            Assert.True(width > 0 && height > 0, $"{c.FolderName}: empty lesion box");
            Assert.True(x >= 0 && y >= 0 && x + width <= info.Width && y + height <= info.Height,
                $"{c.FolderName}: lesion box [{x}, {y}, {width}, {height}] leaves the {info.Width}×{info.Height} image");
        }
    }

    [Fact]
    public void Phantoms_Say_They_Are_Synthetic_And_Free_To_Use()
    {
        foreach (var c in CommittedPhantoms.All())
        {
            Assert.Equal("true", c["synthetic"]);
            Assert.Equal("synthetic", c["proven_by"]);
            Assert.Equal("CC0-1.0", c["license"]);
            Assert.Equal("BoneTumorTutor project", c["attribution"]);
            Assert.Equal("AP", c["view"]);
            Assert.Matches(@"^BoneTumorTutor phantom generator \(tools/PhantomGenerator\), seed \d+$", c["source"]);
            var notes = File.ReadAllText(Path.Combine(c.Folder, "case.md"));
            Assert.Contains("## Findings", notes, StringComparison.Ordinal);
            Assert.Contains("## Discussion", notes, StringComparison.Ordinal);
            Assert.Contains("## Key discriminators", notes, StringComparison.Ordinal);
            Assert.Contains("not a radiograph of a real patient", notes, StringComparison.Ordinal);
        }
    }

    private static int Number(Match match, int group) => int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^phantom-\d{2}$")]
    private static partial Regex NeutralId();

    [GeneratedRegex(@"^Synthetic phantom \d{2}$")]
    private static partial Regex NeutralTitle();

    [GeneratedRegex(@"^\[(\d+), (\d+), (\d+), (\d+)\]$")]
    private static partial Regex LesionBox();
}
