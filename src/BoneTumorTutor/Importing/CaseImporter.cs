using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Importing;

/// <summary>How imported cases are stored.</summary>
public sealed record ImportSettings
{
    /// <summary>
    /// Status of newly imported cases. Draft by default: an import brings images and labels but no teaching notes, and
    /// trainees should meet a case only after an educator has reviewed it and written its notes.
    /// </summary>
    public CaseStatus NewCaseStatus { get; init; } = CaseStatus.Draft;

    /// <summary>Shown as the author of the revisions the import writes.</summary>
    public string ToolName { get; init; } = "import";
}

/// <summary>Where an import stands: counts so far, the rate, and every error (a bad row is reported and skipped).</summary>
public sealed record ImportProgress(
    int Total, int Done, int Added, int Updated, int Unchanged, int Kept, int Failed, IReadOnlyList<string> Errors, TimeSpan Elapsed, bool Finished)
{
    public double RatePerSecond => Elapsed.TotalSeconds > 0 ? Done / Elapsed.TotalSeconds : 0;

    public override string ToString() =>
        $"{Done}/{Total} rows: {Added} added, {Updated} updated, {Unchanged} unchanged, {Kept} kept (edited in the app), {Failed} failed; " +
        $"{RatePerSecond:0.0} rows/s, {Elapsed.TotalSeconds:0.0} s";
}

/// <summary>
/// Stores the rows of an import source as cases, one row at a time: each row commits on its own, so an interrupted
/// import resumes by running it again (rows already stored are unchanged and skipped fast). A row is matched by its
/// import key, so a re-run updates and never duplicates; a case an educator has edited in the app is left alone.
/// </summary>
public sealed class CaseImporter(AppDbContext db, TimeProvider clock, IEnumerable<ICaseChangeListener> listeners, ILogger<CaseImporter> logger)
{
    private const int ListenerBatch = 50;

    public async Task<ImportProgress> RunAsync(
        ImportSource source, ImportSettings settings, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(settings);
        var watch = Stopwatch.StartNew();
        var errors = source.Problems.ToList();
        int done = 0, added = 0, updated = 0, unchanged = 0, kept = 0, failed = source.Problems.Count;
        var total = source.Rows.Count;
        var editor = Editor.Tool(settings.ToolName);
        var existing = await db.Cases.AsNoTracking().Where(c => c.ImportKey != null)
            .Select(c => new KnownCase(c.ImportKey, c.Id, c.ContentHash, c.EditedInAppAt))
            .ToDictionaryAsync(c => c.ImportKey!, StringComparer.Ordinal, cancellationToken);
        var changed = new List<int>();
        ImportProgress Snapshot(bool finished) =>
            new(total, done, added, updated, unchanged, kept, failed, errors.ToList(), watch.Elapsed, finished);

        // Reading, checking and re-encoding images is the costly part: it runs on every core, a chunk at a time, while
        // the database writes stay one row at a time in source order.
        foreach (var chunk in source.Rows.Chunk(Math.Max(4, 4 * Environment.ProcessorCount)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var checkedRows = await Task.WhenAll(chunk.Select(row => Task.Run(() => Check(row, existing), cancellationToken)));
            foreach (var (row, prepared, image, hash, error) in checkedRows)
            {
                try
                {
                    if (error is not null)
                    {
                        throw error;
                    }

                    existing.TryGetValue(prepared!.ImportKey, out var known);
                    if (known is not null && known.ContentHash == hash)
                    {
                        unchanged++;
                    }
                    else if (known?.EditedInAppAt is not null)
                    {
                        kept++;
                    }
                    else
                    {
                        var id = await StoreAsync(known?.Id, prepared, image!, hash!, settings, editor, cancellationToken);
                        changed.Add(id);
                        if (known is null)
                        {
                            added++;
                        }
                        else
                        {
                            updated++;
                        }
                    }
                }
                catch (Exception ex) when (ex is ImportRowException or RadiographRejectedException or IOException or UnauthorizedAccessException or DbUpdateException)
                {
                    failed++;
                    errors.Add($"{row.Where} ({row.ImportKey}): {ex.Message}");
                    logger.LogWarning("Import row skipped: {Where}: {Message}", row.Where, ex.Message);
                    db.ChangeTracker.Clear();
                }

                done++;
                if (changed.Count >= ListenerBatch)
                {
                    await TellListenersAsync(changed, cancellationToken);
                }

                progress?.Report(Snapshot(false));
            }
        }

        await TellListenersAsync(changed, cancellationToken);
        var result = Snapshot(true);
        progress?.Report(result);
        logger.LogInformation("Import from {Source}: {Result}", source.Description, result);
        return result;
    }

    private sealed record KnownCase(string? ImportKey, int Id, string? ContentHash, DateTime? EditedInAppAt);

    private sealed record CheckedRow(ImportRow Row, PreparedCase? Prepared, CheckedRadiograph? Image, string? Hash, Exception? Error);

    /// <summary>Prepares and checks one row off the database; the image is fully checked only when the row is new or changed.</summary>
    private static CheckedRow Check(ImportRow row, Dictionary<string, KnownCase> existing)
    {
        try
        {
            var prepared = row.Prepare();
            var problems = prepared.Fields.Validate(null, null);
            if (problems.Count > 0)
            {
                throw new ImportRowException(string.Join(" ", problems.Select(p => p.Message)));
            }

            var hash = Hash(prepared, Radiographs.Sha256Hex(prepared.ImageBytes));
            if (existing.TryGetValue(prepared.ImportKey, out var known) && (known.ContentHash == hash || known.EditedInAppAt is not null))
            {
                return new CheckedRow(row, prepared, null, hash, null);
            }

            var image = Radiographs.Check(prepared.ImageBytes);
            if (prepared.Fields.LesionBox is { } box && !box.FitsInside(image.Width, image.Height))
            {
                throw new ImportRowException($"lesion box {box} does not fit inside the {image.Width}×{image.Height} image");
            }

            return new CheckedRow(row, prepared, image, hash, null);
        }
        catch (Exception ex) when (ex is ImportRowException or RadiographRejectedException or IOException or UnauthorizedAccessException)
        {
            return new CheckedRow(row, null, null, null, ex);
        }
    }

    private async Task<int> StoreAsync(
        int? id, PreparedCase prepared, CheckedRadiograph image, string hash, ImportSettings settings, Editor editor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        Case target;
        if (id is { } existingId)
        {
            target = await db.Cases.Include(c => c.Image).FirstAsync(c => c.Id == existingId, cancellationToken);
            target.Version++;
        }
        else
        {
            if (await db.Cases.AnyAsync(c => c.Slug == prepared.Fields.Slug, cancellationToken))
            {
                throw new ImportRowException($"the id '{prepared.Fields.Slug}' is already used by a case that was not imported from this source");
            }

            target = new Case
            {
                Slug = prepared.Fields.Slug,
                Title = "",
                ProvenBy = "",
                Site = "",
                Side = "",
                View = "",
                Source = "",
                License = "",
                Attribution = "",
                NotesMarkdown = "",
                Origin = CaseOrigin.Import,
                ImportKey = prepared.ImportKey,
                Status = settings.NewCaseStatus,
                CreatedAt = now,
                Version = 1,
            };
            db.Cases.Add(target);
        }

        prepared.Fields.ApplyTo(target);
        target.ContentHash = hash;
        target.UpdatedAt = now;
        if (target.Image?.Sha256 != image.Sha256)
        {
            target.Image = new CaseImage
            {
                OriginalFileName = prepared.ImageFileName,
                OriginalContentType = image.ContentType,
                OriginalBytes = prepared.ImageBytes,
                DisplayPng = image.DisplayPng,
                Width = image.Width,
                Height = image.Height,
                Sha256 = image.Sha256,
            };
        }

        await CaseRevisions.AddAsync(db, target, editor, id is null ? "imported" : "updated by import", now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return target.Id;
    }

    private async Task TellListenersAsync(List<int> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }

        var batch = changed.ToList();
        changed.Clear();
        foreach (var listener in listeners)
        {
            await listener.CasesChangedAsync(batch, cancellationToken);
        }
    }

    private static string Hash(PreparedCase prepared, string imageSha256) =>
        Radiographs.Sha256Hex(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(prepared.Fields) + "\n" + imageSha256));
}
