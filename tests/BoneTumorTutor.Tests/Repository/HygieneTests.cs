using BoneTumorTutor.Testing;

namespace BoneTumorTutor.Tests.Repository;

/// <summary>Checks on the checkout itself: things a build does not catch but users would see.</summary>
public sealed class HygieneTests
{
    private static readonly string[] Roots = ["src", "tests", "content", "wwwroot/css", "wwwroot/js", "models", "bench", ".ci"];
    private static readonly HashSet<string> TextExtensions =
        [".cs", ".cshtml", ".css", ".js", ".json", ".md", ".py", ".sh", ".csproj", ".props", ".yml", ".txt", ""];

    [Fact]
    public void No_File_Holds_Merge_Conflict_Markers()
    {
        var offenders = new List<string>();
        foreach (var root in Roots.Select(r => Path.Combine(TestFiles.RepositoryRoot, r)).Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(TestFiles.RepositoryRoot, file);
                if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules")
                    || !TextExtensions.Contains(Path.GetExtension(file)))
                {
                    continue;
                }

                var lines = File.ReadLines(file).Select((text, index) => (text, index)).Where(l =>
                    l.text.StartsWith("<<<<<<< ", StringComparison.Ordinal) || l.text.StartsWith(">>>>>>> ", StringComparison.Ordinal));
                offenders.AddRange(lines.Select(l => $"{relative}:{l.index + 1}"));
            }
        }

        Assert.True(offenders.Count == 0, "merge-conflict markers at " + string.Join(", ", offenders));
    }
}
