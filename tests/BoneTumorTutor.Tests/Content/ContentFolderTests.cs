using BoneTumorTutor.Content;
using BoneTumorTutor.Testing;

namespace BoneTumorTutor.Tests.Content;

public sealed class ContentFolderTests : IDisposable
{
    private readonly string _content = TestFiles.CreateTempDirectory("btt-content");

    public void Dispose() => Directory.Delete(_content, recursive: true);

    [Fact]
    public void Loads_Good_Cases_And_Reports_Broken_Ones_By_File_And_Line()
    {
        TestFiles.WriteCase(_content, "good-a", "osteosarcoma", "Notes A.");
        TestFiles.WriteCase(_content, "good-b", "giant-cell-tumor", "Notes B.");
        TestFiles.WriteCase(_content, "bad-diagnosis", "ewing-sarcoma", "Notes.");
        var missingImage = TestFiles.WriteCase(_content, "missing-image", "osteosarcoma", "Notes.");
        File.Delete(Path.Combine(missingImage, "image.png"));
        var unreadable = TestFiles.WriteCase(_content, "unreadable-image", "osteosarcoma", "Notes.");
        File.WriteAllText(Path.Combine(unreadable, "image.png"), "<html>not an image</html>");
        var truncated = TestFiles.WriteCase(_content, "truncated-image", "osteosarcoma", "Notes.");
        var bytes = File.ReadAllBytes(Path.Combine(truncated, "image.png"));
        File.WriteAllBytes(Path.Combine(truncated, "image.png"), bytes[..(bytes.Length / 2)]);
        TestFiles.WriteCase(_content, "box-outside", "osteosarcoma", "Notes.", extraFrontMatter: "").ToString();
        File.WriteAllText(Path.Combine(_content, "cases", "box-outside", "case.md"),
            File.ReadAllText(Path.Combine(_content, "cases", "box-outside", "case.md")).Replace("[40, 50, 60, 70]", "[180, 50, 60, 70]", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(_content, "cases", "no-case-file"));

        var result = ContentFolder.Read(_content);

        Assert.Equal(["good-a", "good-b"], result.Cases.Select(c => c.Document.Id).Order(StringComparer.Ordinal));
        Assert.Equal(8, result.FoldersSeen);
        Assert.Contains(result.Problems, p => p.File == "cases/bad-diagnosis/case.md" && p.Line == 4 && p.Message.Contains("unknown diagnosis", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.File == "cases/missing-image/case.md" && p.Line == 11 && p.Message.Contains("is missing", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.File == "cases/unreadable-image/case.md" && p.Message.Contains("not a PNG or JPEG", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.File == "cases/truncated-image/case.md" && p.Message.Contains("unreadable", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.File == "cases/box-outside/case.md" && p.Line == 12 && p.Message.Contains("does not fit", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.File == "cases/no-case-file/case.md" && p.Message == "missing case.md");
    }

    [Fact]
    public void Refuses_An_Id_That_Differs_From_Its_Folder()
    {
        var folder = TestFiles.WriteCase(_content, "folder-name", "osteosarcoma", "Notes.");
        File.WriteAllText(Path.Combine(folder, "case.md"), File.ReadAllText(Path.Combine(folder, "case.md")).Replace("id: folder-name", "id: other-name", StringComparison.Ordinal));

        var result = ContentFolder.Read(_content);

        Assert.Empty(result.Cases);
        Assert.Contains("must equal the folder name", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Content_Hash_Changes_When_Notes_Or_Image_Change()
    {
        var folder = TestFiles.WriteCase(_content, "hashing", "osteosarcoma", "Notes.");
        var first = ContentFolder.Read(_content).Cases.Single().ContentHash;
        Assert.Equal(first, ContentFolder.Read(_content).Cases.Single().ContentHash);

        File.AppendAllText(Path.Combine(folder, "case.md"), "More notes.\n");
        var second = ContentFolder.Read(_content).Cases.Single().ContentHash;
        File.WriteAllBytes(Path.Combine(folder, "image.png"), TestFiles.Png(200, 240, seed: 9));
        var third = ContentFolder.Read(_content).Cases.Single().ContentHash;

        Assert.Equal(3, new[] { first, second, third }.Distinct().Count());
    }
}
