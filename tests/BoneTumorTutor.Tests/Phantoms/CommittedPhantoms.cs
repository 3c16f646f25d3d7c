namespace BoneTumorTutor.Tests.Phantoms;

/// <summary>The phantom cases as committed under content/cases, read with a minimal front-matter reader.</summary>
internal static class CommittedPhantoms
{
    public static string CasesFolder { get; } = Path.Combine(FindRepositoryRoot(), "content", "cases");

    public static IReadOnlyList<CommittedCase> All() =>
        [.. Directory.GetDirectories(CasesFolder, "phantom-*")
            .Order(StringComparer.Ordinal)
            .Select(folder => new CommittedCase(Path.GetFileName(folder), folder, ReadFrontMatter(Path.Combine(folder, "case.md"))))];

    private static Dictionary<string, string> ReadFrontMatter(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal("---", lines[0]);
        var end = Array.IndexOf(lines, "---", 1);
        Assert.True(end > 0, $"{path}: front matter is not closed by ---");
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines[1..end])
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            Assert.True(colon > 0, $"{path}: '{line}' is not a key: value line");
            fields.Add(line[..colon].Trim(), line[(colon + 1)..].Trim());
        }

        return fields;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BoneTumorTutor.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds BoneTumorTutor.sln.");
    }
}

internal sealed record CommittedCase(string FolderName, string Folder, IReadOnlyDictionary<string, string> Fields)
{
    public string this[string key] => Fields.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"{FolderName}: no '{key}' in the front matter");
}
