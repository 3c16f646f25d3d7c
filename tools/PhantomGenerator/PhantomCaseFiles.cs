using System.Text;
using BoneTumorTutor.PhantomGenerator.Rendering;

namespace BoneTumorTutor.PhantomGenerator;

/// <summary>One file of a generated case, by its path relative to the cases folder ("phantom-01/case.md").</summary>
public sealed record GeneratedFile(string RelativePath, byte[] Content);

/// <summary>Turns the catalogue into case folders: writes them, or checks committed ones for drift.</summary>
public static class PhantomCaseFiles
{
    public const string CaseFileName = "case.md";

    public static IReadOnlyList<GeneratedFile> Generate(PhantomSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var image = PhantomRenderer.Render(spec);
        var notes = Encoding.UTF8.GetBytes(CaseNotesWriter.Write(spec, image));
        return
        [
            new GeneratedFile($"{spec.Id}/{CaseFileName}", notes),
            new GeneratedFile($"{spec.Id}/{CaseNotesWriter.ImageFileName}", image.Png),
        ];
    }

    /// <summary>Every case's files, in catalogue order; cases render in parallel but independently.</summary>
    public static IReadOnlyList<GeneratedFile> GenerateAll()
    {
        var specs = PhantomCatalog.All;
        var perCase = new IReadOnlyList<GeneratedFile>[specs.Count];
        Parallel.For(0, specs.Count, i => perCase[i] = Generate(specs[i]));
        return [.. perCase.SelectMany(files => files)];
    }

    public static int Write(string casesFolder)
    {
        var files = GenerateAll();
        foreach (var file in files)
        {
            var path = Path.Combine(casesFolder, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Content);
        }

        return files.Count;
    }

    /// <summary>Problems found, one line each: files missing or different, and phantom folders the catalogue lacks.</summary>
    public static IReadOnlyList<string> Check(string casesFolder)
    {
        var problems = new List<string>();
        foreach (var file in GenerateAll())
        {
            var path = Path.Combine(casesFolder, file.RelativePath);
            if (!File.Exists(path))
            {
                problems.Add($"missing: {path}");
            }
            else if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Content))
            {
                problems.Add($"differs: {path}");
            }
        }

        if (Directory.Exists(casesFolder))
        {
            var known = PhantomCatalog.All.Select(spec => spec.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var folder in Directory.GetDirectories(casesFolder, "phantom-*").Order(StringComparer.Ordinal))
            {
                if (!known.Contains(Path.GetFileName(folder)))
                {
                    problems.Add($"not in the catalogue: {folder}");
                }
            }
        }

        return problems;
    }
}
