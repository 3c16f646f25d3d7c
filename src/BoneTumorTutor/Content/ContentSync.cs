using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Content;

/// <summary>The outcome of syncing a content folder into the database.</summary>
public sealed record SyncReport(int Added, int Updated, int Unchanged, int FoldersSeen, IReadOnlyList<ContentProblem> Problems)
{
    /// <summary>Cases whose files changed but which an educator edited in the app; the app's version was kept.</summary>
    public IReadOnlyList<string> KeptAppEdits { get; init; } = [];

    public int Skipped => FoldersSeen - Added - Updated - Unchanged - KeptAppEdits.Count;

    public override string ToString() =>
        $"{Added} added, {Updated} updated, {Unchanged} unchanged, {KeptAppEdits.Count} kept (edited in the app), {Skipped} skipped with problems";
}

/// <summary>
/// Syncs <c>content/</c> into the database idempotently: cases are matched by id, unchanged files are not rewritten,
/// a broken case is reported and skipped, and nothing already in the database is deleted. A case an educator has
/// edited in the app is not overwritten by its files (that would silently lose the edit) unless the sync is forced.
/// </summary>
public sealed class ContentSync(AppDbContext db, TimeProvider clock, ILogger<ContentSync> logger, IEnumerable<ICaseChangeListener> listeners)
{
    public Task<SyncReport> SyncAsync(string contentDirectory, CancellationToken cancellationToken = default) =>
        SyncAsync(contentDirectory, force: false, cancellationToken);

    /// <summary>Syncs; with <paramref name="force"/> the files win over edits made in the app.</summary>
    public async Task<SyncReport> SyncAsync(string contentDirectory, bool force, CancellationToken cancellationToken = default)
    {
        var kept = new List<string>();
        var read = ContentFolder.Read(contentDirectory);
        var problems = read.Problems.ToList();
        var existing = await db.Cases.Include(c => c.Image).ToDictionaryAsync(c => c.Slug, StringComparer.Ordinal, cancellationToken);
        int added = 0, updated = 0, unchanged = 0;
        var changed = new List<int>();
        foreach (var loaded in read.Cases)
        {
            existing.TryGetValue(loaded.Document.Id, out var current);
            if (current is not null && current.ContentHash == loaded.ContentHash)
            {
                unchanged++;
                continue;
            }

            if (current?.EditedInAppAt is not null && current.Image?.Sha256 == loaded.Image.Sha256
                && CaseExport.ToDocument(current, loaded.Document.ImageFile) == loaded.Document)
            {
                // The files are the app's own version (an export): adopt them as the synced state.
                current.ContentHash = loaded.ContentHash;
                current.EditedInAppAt = null;
                await db.SaveChangesAsync(cancellationToken);
                unchanged++;
                continue;
            }

            if (current?.EditedInAppAt is { } editedAt && !force)
            {
                kept.Add(current.Slug);
                logger.LogWarning(
                    "Content: {Slug} was edited in the app at {EditedAt:u}; its files differ and were not applied (export the case, or sync with --force to overwrite the app's version)",
                    current.Slug, editedAt);
                continue;
            }

            try
            {
                var isNew = current is null;
                current ??= db.Cases.Add(NewCase(loaded.Document)).Entity;
                Apply(current, loaded);
                await CaseRevisions.AddAsync(db, current, Editor.Tool("content sync"), isNew ? "created from content/" : "updated from content/", current.UpdatedAt, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                changed.Add(current.Id);
                if (isNew)
                {
                    added++;
                }
                else
                {
                    updated++;
                }
            }
            catch (DbUpdateException ex)
            {
                problems.Add(new ContentProblem(Path.Combine(Path.GetFileName(loaded.Folder), CaseFile.FileName), 0, $"could not be saved: {ex.GetBaseException().Message}"));
                db.ChangeTracker.Clear();
                existing = await db.Cases.Include(c => c.Image).ToDictionaryAsync(c => c.Slug, StringComparer.Ordinal, cancellationToken);
            }
        }

        foreach (var problem in problems)
        {
            logger.LogWarning("Content problem, case skipped: {Problem}", problem);
        }

        if (changed.Count > 0)
        {
            foreach (var listener in listeners)
            {
                await listener.CasesChangedAsync(changed, cancellationToken);
            }
        }

        var report = new SyncReport(added, updated, unchanged, read.FoldersSeen, problems) { KeptAppEdits = kept };
        logger.LogInformation("Content sync from {Directory}: {Report}", contentDirectory, report);
        return report;
    }

    private Case NewCase(CaseDocument document) => new()
    {
        Slug = document.Id,
        Title = document.Title,
        ProvenBy = document.ProvenBy,
        Site = document.Site,
        Side = document.Side,
        View = document.View,
        Source = document.Source,
        License = document.License,
        Attribution = document.Attribution,
        NotesMarkdown = document.NotesMarkdown,
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    private void Apply(Case target, LoadedCase loaded)
    {
        var d = loaded.Document;
        target.Title = d.Title;
        target.Diagnosis = d.Diagnosis;
        target.ProvenBy = d.ProvenBy;
        target.Age = d.Age;
        target.Sex = d.Sex;
        target.Site = d.Site;
        target.Side = d.Side;
        target.View = d.View;
        target.LesionBox = d.LesionBox;
        target.Source = d.Source;
        target.License = d.License;
        target.Attribution = d.Attribution;
        target.Synthetic = d.Synthetic;
        target.Status = d.Status;
        target.NotesMarkdown = d.NotesMarkdown;
        target.ContentHash = loaded.ContentHash;
        target.EditedInAppAt = null;
        target.Version++;
        target.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        if (target.Image?.Sha256 != loaded.Image.Sha256)
        {
            target.Image = new CaseImage
            {
                OriginalFileName = d.ImageFile,
                OriginalContentType = loaded.Image.ContentType,
                OriginalBytes = loaded.ImageBytes,
                DisplayPng = loaded.Image.DisplayPng,
                Width = loaded.Image.Width,
                Height = loaded.Image.Height,
                Sha256 = loaded.Image.Sha256,
            };
        }
    }
}
