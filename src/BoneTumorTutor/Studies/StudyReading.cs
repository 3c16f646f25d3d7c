using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Practice;
using Microsoft.EntityFrameworkCore;

namespace BoneTumorTutor.Studies;

/// <summary>Where a reader stands in a study.</summary>
public enum ReadPhase
{
    NotStarted,
    Unaided,
    Aided,
    Finished,
}

/// <summary>Why a reader may not read (or see feedback) now.</summary>
public enum ReadingRefusal
{
    None,
    NotFound,
    NotAssigned,
    Closed,
    StillOpen,
}

/// <summary>What a reader sees: the study, their progress and the current case — never its truth.</summary>
public sealed record ReadingScreen(
    int StudyId, string StudyName, string InstructionsMarkdown, StudyDesign Design, ReadPhase Phase, int Total, int Done, DateTime Deadline, StudyCaseView? Case);

/// <summary>The current case: image and clinical data; in the aided phase also the reader's own unaided read and the locked model's output.</summary>
public sealed record StudyCaseView(
    Guid ReadId, int Sequence, int CaseId, Guid ImageId, int ImageWidth, int ImageHeight, int Age, Sex Sex, string Site, string Side, string View, bool Synthetic,
    Diagnosis? UnaidedDiagnosis, int? UnaidedRating, double? ModelProbability, Diagnosis? ModelCall, string? ModelSha256);

public enum ReadCommitStatus
{
    Saved,
    AlreadyRecorded,
    Invalid,
    NotFound,
    NotAssigned,
    Closed,
    OutOfOrder,
}

/// <summary>The result of committing a rating; everything but Saved changed nothing.</summary>
public sealed record ReadCommit(ReadCommitStatus Status, string? Message = null);

/// <summary>A reader's own results after the study closed, case by case in their reading order.</summary>
public sealed record StudyFeedback(int StudyId, string StudyName, StudyDesign Design, IReadOnlyList<FeedbackRow> Rows);

public sealed record FeedbackRow(
    int Sequence, string Title, Diagnosis Truth, Diagnosis? Unaided, int? UnaidedRating, Diagnosis? Aided, int? AidedRating, double? ModelProbability, Diagnosis? ModelCall, int? UnaidedMs, int? AidedMs);

/// <summary>Reading a study: start (records the reader's random order), the current case, commit each rating once, pause, feedback.</summary>
public sealed class StudyReading(AppDbContext db, WriteGate writes, TimeProvider clock)
{
    private const int MaxPhaseMs = 24 * 60 * 60 * 1000;

    private sealed record Access(ReaderStudy Study, StudyReader Reader);

    private async Task<(Access? Access, ReadingRefusal Refusal)> AccessAsync(int studyId, string userId, bool mustBeOpen, CancellationToken cancellationToken)
    {
        var study = await db.ReaderStudies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return (null, ReadingRefusal.NotFound);
        }

        var reader = await db.StudyReaders.AsNoTracking().FirstOrDefaultAsync(r => r.StudyId == studyId && r.UserId == userId, cancellationToken);
        if (reader is null)
        {
            return (null, ReadingRefusal.NotAssigned);
        }

        var open = study.IsOpenAt(clock.GetUtcNow().UtcDateTime);
        if (mustBeOpen && !open)
        {
            return (new(study, reader), ReadingRefusal.Closed);
        }

        return (new(study, reader), ReadingRefusal.None);
    }

    /// <summary>Why the study may not be read; the deadline or closing in words.</summary>
    public async Task<(ReadingRefusal Refusal, string Message)> ExplainAsync(int studyId, CancellationToken cancellationToken = default)
    {
        var study = await db.ReaderStudies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        return study switch
        {
            null => (ReadingRefusal.NotFound, "There is no such study."),
            { ClosedAt: { } closed } => (ReadingRefusal.Closed, $"The study was closed on {closed:yyyy-MM-dd HH:mm} UTC; readings are no longer accepted."),
            _ => (ReadingRefusal.Closed, $"The deadline passed on {study.Deadline:yyyy-MM-dd HH:mm} UTC; readings are no longer accepted."),
        };
    }

    public async Task<(ReadingRefusal Refusal, ReadingScreen? Screen)> ScreenAsync(int studyId, string userId, CancellationToken cancellationToken = default)
    {
        var (access, refusal) = await AccessAsync(studyId, userId, mustBeOpen: true, cancellationToken);
        if (refusal != ReadingRefusal.None)
        {
            return (refusal, null);
        }

        var (study, reader) = (access!.Study, access.Reader);
        var total = await db.StudyCases.CountAsync(c => c.StudyId == studyId, cancellationToken);
        var sequential = study.Design == StudyDesign.Sequential;
        var reads = db.StudyReads.Where(r => r.StudyReaderId == reader.Id);
        var done = await reads.CountAsync(r => r.UnaidedAt != null && (!sequential || r.AidedAt != null), cancellationToken);
        if (reader.StartedAt is null || !await reads.AnyAsync(cancellationToken))
        {
            return (ReadingRefusal.None, new ReadingScreen(study.Id, study.Name, study.InstructionsMarkdown, study.Design, ReadPhase.NotStarted, total, 0, study.Deadline, null));
        }

        var current = await reads
            .Where(r => r.UnaidedAt == null || (sequential && r.AidedAt == null))
            .OrderBy(r => r.Sequence)
            .Select(r => new
            {
                r.Id, r.OpenedAt,
                View = new StudyCaseView(
                    r.PublicId, r.Sequence, r.StudyCase!.CaseId, r.StudyCase.Case!.Image!.PublicId, r.StudyCase.Case.Image.Width, r.StudyCase.Case.Image.Height,
                    r.StudyCase.Case.Age, r.StudyCase.Case.Sex, r.StudyCase.Case.Site, r.StudyCase.Case.Side, r.StudyCase.Case.View, r.StudyCase.Case.Synthetic,
                    r.UnaidedDiagnosis, r.UnaidedRating,
                    r.UnaidedAt != null ? r.StudyCase.ModelProbability : null,
                    r.UnaidedAt != null ? r.StudyCase.ModelCall : null,
                    r.UnaidedAt != null ? study.ModelSha256 : null),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (current is null)
        {
            return (ReadingRefusal.None, new ReadingScreen(study.Id, study.Name, study.InstructionsMarkdown, study.Design, ReadPhase.Finished, total, done, study.Deadline, null));
        }

        if (current.OpenedAt is null)
        {
            // The clock of this phase (re)starts when the case is on screen; a pause stopped it.
            var now = clock.GetUtcNow().UtcDateTime;
            await writes.RunAsync(db, ct => db.StudyReads.Where(r => r.Id == current.Id && r.OpenedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.OpenedAt, now), ct), cancellationToken);
        }

        var phase = current.View.UnaidedDiagnosis is null ? ReadPhase.Unaided : ReadPhase.Aided;
        return (ReadingRefusal.None, new ReadingScreen(study.Id, study.Name, study.InstructionsMarkdown, study.Design, phase, total, done, study.Deadline, current.View));
    }

    /// <summary>
    /// Starts a reader: shuffles the case set with the reader's recorded seed, stores that order, and locks the
    /// study's case set and design. Starting twice changes nothing.
    /// </summary>
    public async Task<ReadingRefusal> StartAsync(int studyId, string userId, CancellationToken cancellationToken = default)
    {
        var (access, refusal) = await AccessAsync(studyId, userId, mustBeOpen: true, cancellationToken);
        if (refusal != ReadingRefusal.None)
        {
            return refusal;
        }

        var reader = access!.Reader;
        if (await db.StudyReads.AnyAsync(r => r.StudyReaderId == reader.Id, cancellationToken))
        {
            return ReadingRefusal.None;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            await writes.RunAsync(db, async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                // Lock first: an edit of the case set that races this start either finished before (and we read its
                // cases below) or finds the study locked.
                await db.ReaderStudies.Where(s => s.Id == studyId && s.LockedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.LockedAt, now), ct);
                await db.StudyReaders.Where(r => r.Id == reader.Id && r.StartedAt == null).ExecuteUpdateAsync(s => s.SetProperty(x => x.StartedAt, now), ct);
                var cases = await db.StudyCases.Where(c => c.StudyId == studyId).OrderBy(c => c.Position).Select(c => c.Id).ToListAsync(ct);
                var order = StudyCasePicker.ReadingOrder(cases.Count, reader.OrderSeed);
                for (var i = 0; i < order.Count; i++)
                {
                    db.StudyReads.Add(new StudyRead { StudyReaderId = reader.Id, StudyCaseId = cases[order[i]], Sequence = i });
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return 0;
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second tab started the same reader at the same moment; its order stands.
            db.ChangeTracker.Clear();
        }

        return ReadingRefusal.None;
    }

    /// <summary>Stops the clock of the current case; reading resumes where it stopped.</summary>
    public async Task PauseAsync(int studyId, string userId, CancellationToken cancellationToken = default)
    {
        var reader = await db.StudyReaders.AsNoTracking().FirstOrDefaultAsync(r => r.StudyId == studyId && r.UserId == userId, cancellationToken);
        if (reader is null)
        {
            return;
        }

        var open = await db.StudyReads.Where(r => r.StudyReaderId == reader.Id && r.OpenedAt != null).Select(r => new { r.Id, r.OpenedAt, r.ActiveMs }).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var r in open)
        {
            var active = Elapsed(r.ActiveMs, r.OpenedAt, now);
            await writes.RunAsync(db, ct => db.StudyReads.Where(x => x.Id == r.Id && x.OpenedAt == r.OpenedAt)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ActiveMs, active).SetProperty(x => x.OpenedAt, (DateTime?)null), ct), cancellationToken);
        }
    }

    /// <summary>Commits the unaided (aided = false) or aided rating of a read exactly once.</summary>
    public async Task<ReadCommit> CommitAsync(int studyId, string userId, Guid readId, bool aided, Diagnosis? diagnosis, int? rating, CancellationToken cancellationToken = default)
    {
        var (access, refusal) = await AccessAsync(studyId, userId, mustBeOpen: true, cancellationToken);
        switch (refusal)
        {
            case ReadingRefusal.NotFound:
                return new(ReadCommitStatus.NotFound, "There is no such study.");
            case ReadingRefusal.NotAssigned:
                return new(ReadCommitStatus.NotAssigned, "You are not a reader in this study; nothing was recorded.");
            case ReadingRefusal.Closed:
                return new(ReadCommitStatus.Closed, (await ExplainAsync(studyId, cancellationToken)).Message + " Nothing was recorded.");
        }

        var (study, reader) = (access!.Study, access.Reader);
        var read = await db.StudyReads.AsNoTracking().FirstOrDefaultAsync(r => r.PublicId == readId && r.StudyReaderId == reader.Id, cancellationToken);
        if (read is null)
        {
            return new(ReadCommitStatus.NotFound, "This reading is not one of yours in this study.");
        }

        if (aided && study.Design != StudyDesign.Sequential)
        {
            return new(ReadCommitStatus.Invalid, "This study has no aided reads.");
        }

        if (aided ? read.AidedAt is not null : read.UnaidedAt is not null)
        {
            return new(ReadCommitStatus.AlreadyRecorded, AlreadyMessage(aided, aided ? read.AidedAt!.Value : read.UnaidedAt!.Value));
        }

        if (aided && read.UnaidedAt is null)
        {
            return new(ReadCommitStatus.OutOfOrder, "Commit your unaided reading of this case first; the model is shown after it.");
        }

        var sequential = study.Design == StudyDesign.Sequential;
        var earlierOpen = await db.StudyReads.AnyAsync(
            r => r.StudyReaderId == reader.Id && r.Sequence < read.Sequence && (r.UnaidedAt == null || (sequential && r.AidedAt == null)), cancellationToken);
        if (earlierOpen)
        {
            return new(ReadCommitStatus.OutOfOrder, "Read the cases in the order given; an earlier case is still open. Nothing was recorded.");
        }

        if (AnswerRules.Validate(diagnosis, rating) is { } problem)
        {
            return new(ReadCommitStatus.Invalid, problem);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var elapsed = Elapsed(read.ActiveMs, read.OpenedAt, now);
        var given = diagnosis!.Value;
        var rows = await writes.RunAsync(db, ct => aided
            ? db.StudyReads.Where(r => r.Id == read.Id && r.UnaidedAt != null && r.AidedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.AidedDiagnosis, given)
                .SetProperty(r => r.AidedRating, rating)
                .SetProperty(r => r.AidedAt, now)
                .SetProperty(r => r.AidedMs, elapsed)
                .SetProperty(r => r.ActiveMs, 0)
                .SetProperty(r => r.OpenedAt, (DateTime?)null), ct)
            : db.StudyReads.Where(r => r.Id == read.Id && r.UnaidedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.UnaidedDiagnosis, given)
                .SetProperty(r => r.UnaidedRating, rating)
                .SetProperty(r => r.UnaidedAt, now)
                .SetProperty(r => r.UnaidedMs, elapsed)
                .SetProperty(r => r.ActiveMs, 0)
                // In the sequential design the model's output is on screen from now: the aided clock starts.
                .SetProperty(r => r.OpenedAt, sequential ? now : null), ct), cancellationToken);
        if (rows == 1)
        {
            return new(ReadCommitStatus.Saved);
        }

        var at = await db.StudyReads.Where(r => r.Id == read.Id).Select(r => aided ? r.AidedAt : r.UnaidedAt).FirstAsync(cancellationToken);
        return new(ReadCommitStatus.AlreadyRecorded, AlreadyMessage(aided, at ?? now));
    }

    /// <summary>A reader's own feedback, only once the study is closed.</summary>
    public async Task<(ReadingRefusal Refusal, StudyFeedback? Feedback)> FeedbackAsync(int studyId, string userId, CancellationToken cancellationToken = default)
    {
        var (access, refusal) = await AccessAsync(studyId, userId, mustBeOpen: false, cancellationToken);
        if (refusal != ReadingRefusal.None)
        {
            return (refusal, null);
        }

        if (access!.Study.IsOpenAt(clock.GetUtcNow().UtcDateTime))
        {
            return (ReadingRefusal.StillOpen, null);
        }

        var rows = await db.StudyReads.Where(r => r.StudyReaderId == access.Reader.Id).OrderBy(r => r.Sequence)
            .Select(r => new FeedbackRow(
                r.Sequence + 1, r.StudyCase!.Case!.Title, r.StudyCase.Truth, r.UnaidedDiagnosis, r.UnaidedRating, r.AidedDiagnosis, r.AidedRating,
                r.StudyCase.ModelProbability, r.StudyCase.ModelCall, r.UnaidedMs, r.AidedMs))
            .ToListAsync(cancellationToken);
        return (ReadingRefusal.None, new StudyFeedback(access.Study.Id, access.Study.Name, access.Study.Design, rows));
    }

    private static string AlreadyMessage(bool aided, DateTime at) =>
        $"Your {(aided ? "aided" : "unaided")} reading of this case was already recorded at {at:HH:mm:ss} UTC; the first submission stands and nothing was changed.";

    private static int Elapsed(int activeMs, DateTime? openedAt, DateTime now) =>
        (int)Math.Clamp(activeMs + (openedAt is { } o ? (now - o).TotalMilliseconds : 0), 0, MaxPhaseMs);
}
