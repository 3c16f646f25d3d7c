using BoneTumorTutor.Cases;
using BoneTumorTutor.Content;

namespace BoneTumorTutor.Tests.Content;

public class CaseFileTests
{
    private const string Valid = """
        ---
        id: phantom-01
        title: Synthetic phantom 01
        diagnosis: osteosarcoma
        proven_by: synthetic
        age: 15
        sex: male
        site: distal femur
        side: left
        view: AP
        image: image.png
        lesion_box: [120, 210, 90, 110]
        source: generator seed 1
        license: CC0-1.0
        attribution: BoneTumorTutor project
        synthetic: true
        ---
        ## Findings
        Permeative lysis.
        """;

    [Fact]
    public void Parses_A_Valid_Case()
    {
        var (document, problems) = CaseFile.Parse(Valid, "cases/phantom-01/case.md");

        Assert.Empty(problems);
        Assert.NotNull(document);
        Assert.Equal("phantom-01", document.Id);
        Assert.Equal(Diagnosis.Osteosarcoma, document.Diagnosis);
        Assert.Equal(15, document.Age);
        Assert.Equal(Sex.Male, document.Sex);
        Assert.Equal(new LesionBox(120, 210, 90, 110), document.LesionBox);
        Assert.True(document.Synthetic);
        Assert.Equal(CaseStatus.Published, document.Status);
        Assert.StartsWith("## Findings", document.NotesMarkdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("diagnosis: osteosarcoma", "diagnosis: chondrosarcoma", 4, "unknown diagnosis 'chondrosarcoma'")]
    [InlineData("age: 15", "age: fifteen", 6, "'age' must be a whole number")]
    [InlineData("sex: male", "sex: x", 7, "unknown sex")]
    [InlineData("site: distal femur", "site: humerus", 8, "unknown site 'humerus'")]
    [InlineData("lesion_box: [120, 210, 90, 110]", "lesion_box: [120, 210, 90]", 12, "four whole numbers")]
    [InlineData("lesion_box: [120, 210, 90, 110]", "lesion_box: [120, 210, 0, 110]", 12, "greater than 0")]
    [InlineData("synthetic: true", "synthetic: maybe", 16, "true or false")]
    [InlineData("image: image.png", "image: ../../etc/passwd", 11, "plain file name")]
    [InlineData("image: image.png", "image: scan.gif", 11, ".png, .jpg or .jpeg")]
    [InlineData("view: AP", "veiw: AP", 10, "unknown field 'veiw'")]
    [InlineData("id: phantom-01", "id: Phantom 01", 2, "lower-case letters")]
    public void Reports_A_Bad_Field_With_Its_Line(string original, string replacement, int line, string message)
    {
        var (document, problems) = CaseFile.Parse(Valid.Replace(original, replacement, StringComparison.Ordinal), "case.md");

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Equal(line, problem.Line);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($"case.md:{line}: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_Invalid_Yaml_With_Its_Line()
    {
        var broken = Valid.Replace("sex: male", "sex: [male", StringComparison.Ordinal);

        var (document, problems) = CaseFile.Parse(broken, "case.md");

        Assert.Null(document);
        var problem = Assert.Single(problems);
        Assert.Contains("invalid YAML", problem.Message, StringComparison.Ordinal);
        Assert.InRange(problem.Line, 7, 9);
    }

    [Fact]
    public void Reports_Every_Missing_Required_Field()
    {
        var (document, problems) = CaseFile.Parse("---\nid: x\n---\nnotes\n", "case.md");

        Assert.Null(document);
        foreach (var field in new[] { "diagnosis", "proven_by", "age", "sex", "site", "image", "source", "license", "synthetic" })
        {
            Assert.Contains(problems, p => p.Message == $"required field '{field}' is missing");
        }
    }

    [Theory]
    [InlineData("no front matter at all", "must start with a '---' line")]
    [InlineData("---\nid: x\n", "is not closed")]
    [InlineData("---\n- a\n- b\n---\nnotes", "must be a YAML mapping")]
    public void Refuses_A_File_Without_Proper_Front_Matter(string text, string message)
    {
        var (document, problems) = CaseFile.Parse(text, "case.md");

        Assert.Null(document);
        Assert.Contains(problems, p => p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Refuses_Empty_Notes()
    {
        var (_, problems) = CaseFile.Parse(Valid[..(Valid.LastIndexOf("---", StringComparison.Ordinal) + 3)], "case.md");

        Assert.Contains(problems, p => p.Message.Contains("teaching notes", StringComparison.Ordinal));
    }

    [Fact]
    public void Written_Files_Parse_Back_To_An_Equal_Document()
    {
        var (original, _) = CaseFile.Parse(Valid, "case.md");
        var tricky = original! with
        {
            Title = "A title: with colon, 'quotes' and # hash",
            Source = "yes",
            Attribution = "",
            LesionBox = null,
            Status = CaseStatus.Draft,
            Diagnosis = Diagnosis.GiantCellTumor,
        };

        foreach (var document in new[] { original, tricky })
        {
            var (reparsed, problems) = CaseFile.Parse(CaseFile.Write(document), "case.md");
            Assert.Empty(problems);
            Assert.Equal(document, reparsed);
        }
    }
}
