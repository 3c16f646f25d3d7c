using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Content;

/// <summary>A case read from its folder and fully checked: document, image bytes and the checked radiograph.</summary>
public sealed record LoadedCase(CaseDocument Document, string Folder, byte[] ImageBytes, CheckedRadiograph Image, string ContentHash);

/// <summary>What reading a content folder found: the valid cases and every problem, by file and line.</summary>
public sealed record ContentReadResult(IReadOnlyList<LoadedCase> Cases, IReadOnlyList<ContentProblem> Problems, int FoldersSeen);

/// <summary>Reads and validates <c>content/cases/*/case.md</c> and their images, one case at a time.</summary>
public static class ContentFolder
{
    public const string CasesFolder = "cases";

    public static ContentReadResult Read(string contentDirectory)
    {
        var casesDirectory = Path.Combine(contentDirectory, CasesFolder);
        if (!Directory.Exists(casesDirectory))
        {
            return new([], [new ContentProblem(casesDirectory, 0, "the content folder has no 'cases' folder")], 0);
        }

        var loaded = new List<LoadedCase>();
        var problems = new List<ContentProblem>();
        var folders = Directory.GetDirectories(casesDirectory).Order(StringComparer.Ordinal).ToList();
        foreach (var folder in folders)
        {
            var (loadedCase, caseProblems) = ReadCase(folder, Path.GetRelativePath(contentDirectory, folder));
            problems.AddRange(caseProblems);
            if (loadedCase is not null)
            {
                loaded.Add(loadedCase);
            }
        }

        return new(loaded, problems, folders.Count);
    }

    /// <summary>Reads one case folder; <paramref name="displayFolder"/> names it in problem reports.</summary>
    public static (LoadedCase? Case, IReadOnlyList<ContentProblem> Problems) ReadCase(string folder, string displayFolder)
    {
        var file = Path.Combine(displayFolder, CaseFile.FileName).Replace('\\', '/');
        var path = Path.Combine(folder, CaseFile.FileName);
        if (!File.Exists(path))
        {
            return (null, [new ContentProblem(file, 0, "missing case.md")]);
        }

        byte[] caseBytes;
        try
        {
            caseBytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            return (null, [new ContentProblem(file, 0, $"cannot read the file: {ex.Message}")]);
        }

        var (document, problems) = CaseFile.Parse(System.Text.Encoding.UTF8.GetString(caseBytes), file);
        if (document is null)
        {
            return (null, problems);
        }

        var folderName = Path.GetFileName(folder);
        if (!string.Equals(document.Id, folderName, StringComparison.Ordinal))
        {
            return (null, [new ContentProblem(file, 2, $"id '{document.Id}' must equal the folder name '{folderName}'")]);
        }

        var imagePath = Path.Combine(folder, document.ImageFile);
        if (!File.Exists(imagePath))
        {
            return (null, [new ContentProblem(file, LineOf(caseBytes, "image:"), $"image file '{document.ImageFile}' is missing from the case folder")]);
        }

        byte[] imageBytes;
        CheckedRadiograph image;
        try
        {
            imageBytes = File.ReadAllBytes(imagePath);
            image = Radiographs.Check(imageBytes);
        }
        catch (RadiographRejectedException ex)
        {
            return (null, [new ContentProblem(file, LineOf(caseBytes, "image:"), $"image '{document.ImageFile}' is unreadable: {ex.Message}")]);
        }
        catch (IOException ex)
        {
            return (null, [new ContentProblem(file, LineOf(caseBytes, "image:"), $"image '{document.ImageFile}' cannot be read: {ex.Message}")]);
        }

        if (document.LesionBox is { } box && !box.FitsInside(image.Width, image.Height))
        {
            return (null, [new ContentProblem(file, LineOf(caseBytes, "lesion_box:"),
                $"lesion_box {box} does not fit inside the {image.Width}×{image.Height} image")]);
        }

        var hash = Radiographs.Sha256Hex([.. caseBytes, .. imageBytes]);
        return (new LoadedCase(document, folder, imageBytes, image, hash), []);
    }

    private static int LineOf(byte[] caseBytes, string key)
    {
        var lines = System.Text.Encoding.UTF8.GetString(caseBytes).Split('\n');
        var index = Array.FindIndex(lines, l => l.StartsWith(key, StringComparison.Ordinal));
        return index + 1;
    }
}
