using System.IO.Compression;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Content;

/// <summary>
/// Writes cases from the database back to the <c>content/cases/&lt;slug&gt;/</c> format (case.md + the original image
/// file), so that a sync of the written folder gives the same cases: the editor and the files stay interchangeable.
/// </summary>
public sealed class CaseExport(AppDbContext db)
{
    /// <summary>The case as a content document; <paramref name="imageFile"/> names the image in its folder.</summary>
    public static CaseDocument ToDocument(Case c, string imageFile)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new CaseDocument
        {
            Id = c.Slug,
            Title = c.Title,
            Diagnosis = c.Diagnosis,
            ProvenBy = c.ProvenBy,
            Age = c.Age,
            Sex = c.Sex,
            Site = c.Site,
            Side = c.Side,
            View = c.View,
            ImageFile = imageFile,
            LesionBox = c.LesionBox,
            Source = c.Source,
            License = c.License,
            Attribution = c.Attribution,
            Synthetic = c.Synthetic,
            Status = c.Status,
            NotesMarkdown = c.NotesMarkdown,
        };
    }

    /// <summary>The image's file name in an exported folder: the authored name when it is a plain one, else image.png/.jpeg.</summary>
    public static string ImageFileName(CaseImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = Path.GetFileName(image.OriginalFileName);
        var extension = image.OriginalContentType == "image/png" ? ".png" : ".jpeg";
        var matches = Path.GetExtension(name).ToLowerInvariant() switch
        {
            ".png" => image.OriginalContentType == "image/png",
            ".jpg" or ".jpeg" => image.OriginalContentType == "image/jpeg",
            _ => false,
        };
        return matches && name != CaseFile.FileName && !name.StartsWith('.') && name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-')
            ? name
            : "image" + extension;
    }

    /// <summary>One case's files: (relative path under the content folder, bytes).</summary>
    public static IEnumerable<(string Path, byte[] Bytes)> Files(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        if (c.Image is null)
        {
            yield break;
        }

        var imageFile = ImageFileName(c.Image);
        var folder = $"{ContentFolder.CasesFolder}/{c.Slug}";
        yield return ($"{folder}/{CaseFile.FileName}", System.Text.Encoding.UTF8.GetBytes(CaseFile.Write(ToDocument(c, imageFile))));
        yield return ($"{folder}/{imageFile}", c.Image.OriginalBytes);
    }

    /// <summary>Ids of the cases to export, in slug order; all cases when <paramref name="caseId"/> is null.</summary>
    private Task<List<int>> IdsAsync(int? caseId, CancellationToken cancellationToken) =>
        db.Cases.Where(c => c.ImageId != null && (caseId == null || c.Id == caseId)).OrderBy(c => c.Slug).Select(c => c.Id).ToListAsync(cancellationToken);

    private Task<Case> LoadAsync(int id, CancellationToken cancellationToken) =>
        db.Cases.AsNoTracking().Include(c => c.Image).FirstAsync(c => c.Id == id, cancellationToken);

    /// <summary>Writes the cases into <paramref name="contentDirectory"/>/cases/; returns the slugs written.</summary>
    public async Task<IReadOnlyList<string>> ToFolderAsync(string contentDirectory, int? caseId = null, CancellationToken cancellationToken = default)
    {
        var written = new List<string>();
        foreach (var id in await IdsAsync(caseId, cancellationToken))
        {
            var c = await LoadAsync(id, cancellationToken);
            var folder = Path.Combine(contentDirectory, ContentFolder.CasesFolder, c.Slug);
            Directory.CreateDirectory(folder);
            // A folder re-exported with a different image name must not keep the old image beside the new one.
            foreach (var stale in Directory.EnumerateFiles(folder).Where(f => CaseFile.HasImageExtension(f)))
            {
                File.Delete(stale);
            }

            foreach (var (path, bytes) in Files(c))
            {
                await File.WriteAllBytesAsync(Path.Combine(contentDirectory, path), bytes, cancellationToken);
            }

            written.Add(c.Slug);
        }

        return written;
    }

    /// <summary>Writes the cases as a zip of the content layout (cases/&lt;slug&gt;/…) to <paramref name="output"/>.</summary>
    public async Task<int> ToZipAsync(Stream output, int? caseId = null, CancellationToken cancellationToken = default)
    {
        var count = 0;
        await using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var id in await IdsAsync(caseId, cancellationToken))
        {
            var c = await LoadAsync(id, cancellationToken);
            foreach (var (path, bytes) in Files(c))
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                await using var stream = await entry.OpenAsync(cancellationToken);
                await stream.WriteAsync(bytes, cancellationToken);
            }

            count++;
        }

        return count;
    }
}
