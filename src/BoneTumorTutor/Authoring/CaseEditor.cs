using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BoneTumorTutor.Authoring;

/// <summary>An uploaded radiograph, not yet checked.</summary>
public sealed record UploadedImage(string FileName, byte[] Bytes);

public enum EditStatus
{
    Saved,
    Invalid,
    Conflict,
    NotFound,
}

/// <summary>The result of a save: the case's id, or the problems, or that someone else saved first.</summary>
public sealed record EditOutcome(EditStatus Status, int? CaseId = null, IReadOnlyList<FieldProblem>? Problems = null)
{
    public IReadOnlyList<FieldProblem> Problems { get; } = Problems ?? [];

    public static EditOutcome Invalid(params FieldProblem[] problems) => new(EditStatus.Invalid, null, problems);
}

/// <summary>A case as the editor shows it.</summary>
public sealed record EditedCase(
    int Id, string Slug, Guid PublicId, CaseStatus Status, int Version, CaseOrigin Origin, DateTime? EditedInAppAt, DateTime UpdatedAt,
    CaseFields Fields, Guid? ImagePublicId, int? ImageWidth, int? ImageHeight);

/// <summary>One row of a case's history.</summary>
public sealed record RevisionEntry(int Number, DateTime SavedAt, string SavedBy, string Action, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// The in-app case editor: create, edit, publish and retire cases, keep a revision per save and restore old ones.
/// Every save checks the version the educator started from, so a second educator's save never silently overwrites
/// the first's; every change is told to the <see cref="ICaseChangeListener"/>s (the model's cached readings hang on it).
/// </summary>
public sealed class CaseEditor(
    AppDbContext db, WriteGate writes, TimeProvider clock, IEnumerable<ICaseChangeListener> listeners, ILogger<CaseEditor> logger)
{
    public Task<EditedCase?> GetAsync(int id, CancellationToken cancellationToken = default) =>
        db.Cases.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new EditedCase(
                c.Id, c.Slug, c.PublicId, c.Status, c.Version, c.Origin, c.EditedInAppAt, c.UpdatedAt,
                new CaseFields
                {
                    Slug = c.Slug,
                    Title = c.Title,
                    Diagnosis = c.Diagnosis,
                    ProvenBy = c.ProvenBy,
                    Age = c.Age,
                    Sex = c.Sex,
                    Site = c.Site,
                    Side = c.Side,
                    View = c.View,
                    LesionBox = c.LesionBox,
                    Source = c.Source,
                    License = c.License,
                    Attribution = c.Attribution,
                    Synthetic = c.Synthetic,
                    NotesMarkdown = c.NotesMarkdown,
                },
                c.Image == null ? null : c.Image.PublicId,
                c.Image == null ? null : c.Image.Width,
                c.Image == null ? null : c.Image.Height))
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<IReadOnlyList<RevisionEntry>> RevisionsAsync(int caseId, CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<CaseRevision>().AsNoTracking().Where(r => r.CaseId == caseId).OrderByDescending(r => r.Number)
            .Select(r => new { r.Number, r.SavedAt, r.SavedBy, r.Action, r.ChangesJson })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new RevisionEntry(r.Number, r.SavedAt, r.SavedBy, r.Action, CaseSnapshot.ChangesFromJson(r.ChangesJson))).ToList();
    }

    /// <summary>Creates a draft case from the form and its uploaded radiograph.</summary>
    public async Task<EditOutcome> CreateAsync(CaseFields fields, UploadedImage? upload, Editor editor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (upload is null)
        {
            return EditOutcome.Invalid(new FieldProblem("Image", "Upload the radiograph (PNG or JPEG)."));
        }

        var (image, imageProblem) = CheckImage(upload);
        var problems = fields.Validate(image?.Width, image?.Height).ToList();
        if (imageProblem is not null)
        {
            problems.Add(imageProblem);
        }

        if (problems.Count == 0 && await db.Cases.AnyAsync(c => c.Slug == fields.Slug, cancellationToken))
        {
            problems.Add(new FieldProblem(nameof(CaseFields.Slug), $"A case with the id '{fields.Slug}' already exists."));
        }

        if (problems.Count > 0)
        {
            return new EditOutcome(EditStatus.Invalid, null, problems);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var created = new Case
        {
            Slug = fields.Slug,
            Title = "",
            ProvenBy = "",
            Site = "",
            Side = "",
            View = "",
            Source = "",
            License = "",
            Attribution = "",
            NotesMarkdown = "",
            Status = CaseStatus.Draft,
            Origin = CaseOrigin.Editor,
            CreatedAt = now,
            UpdatedAt = now,
            EditedInAppAt = now,
            Version = 1,
            Image = image,
        };
        fields.ApplyTo(created);
        db.Cases.Add(created);
        await CaseRevisions.AddAsync(db, created, editor, "created", now, cancellationToken);
        try
        {
            await writes.RunAsync(db, db.SaveChangesAsync, cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return EditOutcome.Invalid(new FieldProblem(nameof(CaseFields.Slug), $"A case with the id '{fields.Slug}' already exists."));
        }

        logger.LogInformation("Case {Slug} created by {Editor}", created.Slug, editor.Name);
        await TellListenersAsync(created.Id, cancellationToken);
        return new EditOutcome(EditStatus.Saved, created.Id);
    }

    /// <summary>Saves an edit made from <paramref name="expectedVersion"/>; refused if someone saved since.</summary>
    public async Task<EditOutcome> SaveAsync(
        int id, int expectedVersion, CaseFields fields, UploadedImage? upload, Editor editor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var current = await db.Cases.Include(c => c.Image).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (current is null)
        {
            return new EditOutcome(EditStatus.NotFound);
        }

        if (current.Version != expectedVersion)
        {
            return new EditOutcome(EditStatus.Conflict, id);
        }

        CaseImage? image = null;
        FieldProblem? imageProblem = null;
        if (upload is not null)
        {
            (image, imageProblem) = CheckImage(upload);
        }

        var problems = (fields with { Slug = current.Slug }).Validate(image?.Width ?? current.Image?.Width, image?.Height ?? current.Image?.Height).ToList();
        if (imageProblem is not null)
        {
            problems.Add(imageProblem);
        }

        if (problems.Count > 0)
        {
            return new EditOutcome(EditStatus.Invalid, id, problems);
        }

        fields.ApplyTo(current);
        if (image is not null && image.Sha256 != current.Image?.Sha256)
        {
            current.Image = image;
        }

        return await CommitAsync(current, expectedVersion, editor, "edited", cancellationToken);
    }

    /// <summary>Moves a case between draft, published and retired.</summary>
    public async Task<EditOutcome> SetStatusAsync(int id, int expectedVersion, CaseStatus status, Editor editor, CancellationToken cancellationToken = default)
    {
        var current = await db.Cases.Include(c => c.Image).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (current is null)
        {
            return new EditOutcome(EditStatus.NotFound);
        }

        if (current.Version != expectedVersion)
        {
            return new EditOutcome(EditStatus.Conflict, id);
        }

        if (!Enum.IsDefined(status))
        {
            return EditOutcome.Invalid(new FieldProblem("Status", "Unknown status."));
        }

        if (status == CaseStatus.Published)
        {
            var problems = CaseFields.Of(current).Validate(current.Image?.Width, current.Image?.Height).ToList();
            if (current.Image is null)
            {
                problems.Add(new FieldProblem("Image", "A case needs its radiograph before it can be published."));
            }

            if (problems.Count > 0)
            {
                return new EditOutcome(EditStatus.Invalid, id, problems);
            }
        }

        current.Status = status;
        return await CommitAsync(current, expectedVersion, editor, status switch
        {
            CaseStatus.Published => "published",
            CaseStatus.Retired => "retired",
            _ => "returned to draft",
        }, cancellationToken);
    }

    /// <summary>Puts an earlier revision's state back, as a new revision.</summary>
    public async Task<EditOutcome> RestoreAsync(int id, int revisionNumber, int expectedVersion, Editor editor, CancellationToken cancellationToken = default)
    {
        var current = await db.Cases.Include(c => c.Image).FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (current is null)
        {
            return new EditOutcome(EditStatus.NotFound);
        }

        if (current.Version != expectedVersion)
        {
            return new EditOutcome(EditStatus.Conflict, id);
        }

        var json = await db.Set<CaseRevision>().Where(r => r.CaseId == id && r.Number == revisionNumber)
            .Select(r => r.SnapshotJson).FirstOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return new EditOutcome(EditStatus.NotFound);
        }

        var snapshot = CaseSnapshot.FromJson(json);
        if (snapshot.ImageSha256 is { } sha && sha != current.Image?.Sha256)
        {
            current.Image = await db.CaseImages.Where(i => i.Sha256 == sha).OrderByDescending(i => i.Id).FirstOrDefaultAsync(cancellationToken)
                ?? current.Image;
        }

        snapshot.ApplyTo(current);
        return await CommitAsync(current, expectedVersion, editor, $"restored revision {revisionNumber}", cancellationToken);
    }

    private async Task<EditOutcome> CommitAsync(Case current, int expectedVersion, Editor editor, string action, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        current.UpdatedAt = now;
        current.EditedInAppAt = now;
        current.Version = expectedVersion + 1;
        db.Entry(current).Property(c => c.Version).OriginalValue = expectedVersion;
        await CaseRevisions.AddAsync(db, current, editor, action, now, cancellationToken);
        try
        {
            await writes.RunAsync(db, db.SaveChangesAsync, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Concurrency (someone saved between our read and write) or the revision number taken by a parallel save.
            db.ChangeTracker.Clear();
            return new EditOutcome(EditStatus.Conflict, current.Id);
        }

        logger.LogInformation("Case {Slug} {Action} by {Editor}", current.Slug, action, editor.Name);
        await TellListenersAsync(current.Id, cancellationToken);
        return new EditOutcome(EditStatus.Saved, current.Id);
    }

    private async Task TellListenersAsync(int caseId, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            await listener.CasesChangedAsync([caseId], cancellationToken);
        }
    }

    private static (CaseImage? Image, FieldProblem? Problem) CheckImage(UploadedImage upload)
    {
        try
        {
            var checkedImage = Radiographs.Check(upload.Bytes);
            var extension = checkedImage.ContentType == "image/png" ? ".png" : ".jpeg";
            return (new CaseImage
            {
                OriginalFileName = "image" + extension,
                OriginalContentType = checkedImage.ContentType,
                OriginalBytes = upload.Bytes,
                DisplayPng = checkedImage.DisplayPng,
                Width = checkedImage.Width,
                Height = checkedImage.Height,
                Sha256 = checkedImage.Sha256,
            }, null);
        }
        catch (RadiographRejectedException ex)
        {
            return (null, new FieldProblem("Image", $"The uploaded file '{Path.GetFileName(upload.FileName)}' was not accepted: {ex.Message} Nothing was saved."));
        }
    }
}
