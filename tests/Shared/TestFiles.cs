using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace BoneTumorTutor.Testing;

/// <summary>Helpers both test projects share: the repository's folders and small generated images.</summary>
internal static class TestFiles
{
    /// <summary>The checkout (the folder holding BoneTumorTutor.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared folder beside the checkout (../shared), holding reference data and the BTXRD copy.</summary>
    public static string SharedRoot => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared"));

    /// <summary>True when the run is CI's: tests that need installed tools must run there, never skip.</summary>
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BoneTumorTutor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find BoneTumorTutor.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>A grayscale PNG with a smooth pattern (distinct per seed).</summary>
    public static byte[] Png(int width, int height, int seed = 0)
    {
        using var image = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new L8((byte)((x * 3 + y * 5 + seed * 37) % 256));
            }
        }

        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    public static string CreateTempDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a case folder with a generated image; returns its folder.</summary>
    public static string WriteCase(string contentDirectory, string id, string diagnosis, string notes, int age = 30, string? extraFrontMatter = null, int seed = 0)
    {
        var folder = Path.Combine(contentDirectory, "cases", id);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "image.png"), Png(200, 240, seed));
        File.WriteAllText(Path.Combine(folder, "case.md"), $"""
            ---
            id: {id}
            title: Test case {id}
            diagnosis: {diagnosis}
            proven_by: histopathology
            age: {age}
            sex: female
            site: distal femur
            side: left
            view: AP
            image: image.png
            lesion_box: [40, 50, 60, 70]
            source: test fixture
            license: CC0-1.0
            attribution: tests
            synthetic: true
            {extraFrontMatter ?? ""}
            ---
            {notes}

            """);
        return folder;
    }
}
