using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Content;
using BoneTumorTutor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Practice;

/// <summary>What a trainee sees before committing: the radiograph and the clinical data, nothing about the answer.</summary>
public sealed record PracticeCase(
    Guid AttemptId, Guid ImageId, int ImageWidth, int ImageHeight, int Age, Sex Sex, string Site, string Side, string View, bool Synthetic);

/// <summary>The reveal after a committed answer: truth, correctness, the teaching notes and the aided second read if given.</summary>
public sealed record Reveal(
    Guid AttemptId,
    int CaseId,
    string Title,
    Diagnosis Truth,
    Diagnosis Answer,
    int Confidence,
    bool IsCorrect,
    DateTime AnsweredAt,
    int TimeOnCaseMs,
    ExperienceBand Band,
    string ProvenBy,
    int Age,
    Sex Sex,
    string Site,
    string Side,
    string View,
    bool Synthetic,
    string Source,
    string License,
    string Attribution,
    string NotesHtml,
    Guid ImageId,
    int ImageWidth,
    int ImageHeight,
    LesionBox? LesionBox,
    AidedRead? Aided = null);

/// <summary>One line of a trainee's history.</summary>
public sealed record HistoryEntry(Guid AttemptId, DateTime AnsweredAt, string Title, Diagnosis Answer, Diagnosis Truth, int Confidence, bool IsCorrect);

public enum AnswerStatus
{
    Saved,
    AlreadyAnswered,
    NotFound,
    Invalid,
}

public sealed record AnswerOutcome(AnswerStatus Status, string? Message = null);

/// <summary>The practice loop: next case, commit an answer exactly once, reveal, history.</summary>
public sealed class PracticeService(
    AppDbContext db, WriteGate writes, AnswerCommitter answers, RenderedNotes notes, TimeProvider clock, IOptions<ExperienceOptions> experience)
{
    private const int MaxTimeOnCaseMs = 24 * 60 * 60 * 1000;

    /// <summary>The trainee's open attempt, or a new one on the next case; null when no case is published.</summary>
    public async Task<Guid?> NextAsync(string userId, CancellationToken cancellationToken = default)
    {
        for (var tries = 0; tries < 3; tries++)
        {
            var open = await db.Attempts
                .Where(a => a.UserId == userId && a.AnsweredAt == null)
                .Select(a => new { a.Id, a.PublicId, Live = a.Case!.Status == CaseStatus.Published })
                .FirstOrDefaultAsync(cancellationToken);
            if (open is { Live: true })
            {
                return open.PublicId;
            }

            if (open is not null)
            {
                // The case was unpublished while it waited for an answer: nothing was committed, so let it go.
                await writes.RunAsync(db, ct => db.Attempts.Where(a => a.Id == open.Id && a.AnsweredAt == null).ExecuteDeleteAsync(ct), cancellationToken);
            }

            var caseId = await ChooseCaseAsync(userId, cancellationToken);
            if (caseId is null)
            {
                return null;
            }

            var attempt = new Attempt { UserId = userId, CaseId = caseId.Value, PresentedAt = clock.GetUtcNow().UtcDateTime };
            db.Attempts.Add(attempt);
            try
            {
                await writes.RunAsync(db, db.SaveChangesAsync, cancellationToken);
                return attempt.PublicId;
            }
            catch (DbUpdateException)
            {
                // Another request (a second tab) opened an attempt first; use that one.
                db.ChangeTracker.Clear();
            }
        }

        throw new InvalidOperationException("Could not open a practice attempt after three tries.");
    }

    private async Task<int?> ChooseCaseAsync(string userId, CancellationToken cancellationToken)
    {
        var published = await db.Cases
            .Where(c => c.Status == CaseStatus.Published && c.ImageId != null)
            .Select(c => new { c.Id, c.Diagnosis })
            .ToListAsync(cancellationToken);
        var seen = await db.Attempts
            .Where(a => a.UserId == userId && a.AnsweredAt != null)
            .GroupBy(a => a.CaseId)
            .Select(g => new { CaseId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.CaseId, x => x.Count, cancellationToken);
        var last = await db.Attempts
            .Where(a => a.UserId == userId && a.AnsweredAt != null)
            .OrderByDescending(a => a.AnsweredAt)
            .Select(a => (int?)a.CaseId)
            .FirstOrDefaultAsync(cancellationToken);
        var candidates = published.Select(c => new CaseCandidate(c.Id, c.Diagnosis, seen.GetValueOrDefault(c.Id))).ToList();
        return CaseSelector.Choose(candidates, last, Random.Shared);
    }

    /// <summary>The case page of an open attempt; null if the attempt is not this trainee's or already answered.</summary>
    public Task<PracticeCase?> GetOpenCaseAsync(string userId, Guid attemptId, CancellationToken cancellationToken = default) =>
        db.Attempts
            .Where(a => a.PublicId == attemptId && a.UserId == userId && a.AnsweredAt == null)
            .Select(a => new PracticeCase(
                a.PublicId, a.Case!.Image!.PublicId, a.Case.Image.Width, a.Case.Image.Height,
                a.Case.Age, a.Case.Sex, a.Case.Site, a.Case.Side, a.Case.View, a.Case.Synthetic))
            .FirstOrDefaultAsync(cancellationToken);

    public Task<bool> IsAnsweredAsync(string userId, Guid attemptId, CancellationToken cancellationToken = default) =>
        db.Attempts.AnyAsync(a => a.PublicId == attemptId && a.UserId == userId && a.AnsweredAt != null, cancellationToken);

    /// <summary>
    /// Commits the unaided answer exactly once; a second submit of the same attempt changes nothing. The trainee's
    /// experience at the time of answering is read in the same query as the attempt (one read on the answer's path).
    /// </summary>
    public async Task<AnswerOutcome> AnswerAsync(
        string userId, Guid attemptId, Diagnosis? answer, int? confidence, CancellationToken cancellationToken = default)
    {
        var attempt = await db.Attempts
            .Where(a => a.PublicId == attemptId && a.UserId == userId)
            .Select(a => new
            {
                a.Id, a.PresentedAt, a.AnsweredAt, Truth = a.Case!.Diagnosis,
                ExperienceYears = db.Users.Where(u => u.Id == a.UserId).Select(u => u.ExperienceYears).First(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (attempt is null)
        {
            return new(AnswerStatus.NotFound);
        }

        if (attempt.AnsweredAt is not null)
        {
            return new(AnswerStatus.AlreadyAnswered);
        }

        if (AnswerRules.Validate(answer, confidence) is { } problem)
        {
            return new(AnswerStatus.Invalid, problem);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var elapsed = (int)Math.Clamp((now - attempt.PresentedAt).TotalMilliseconds, 0, MaxTimeOnCaseMs);
        var band = experience.Value.BandFor(attempt.ExperienceYears);
        var stored = await answers.CommitAsync(new AnswerCommit(attempt.Id, answer!.Value, confidence!.Value, now, elapsed, attempt.Truth, attempt.ExperienceYears, band));
        return new(stored ? AnswerStatus.Saved : AnswerStatus.AlreadyAnswered);
    }

    /// <summary>The reveal of an answered attempt; null unless it is this trainee's and answered.</summary>
    public async Task<Reveal?> GetRevealAsync(string userId, Guid attemptId, CancellationToken cancellationToken = default)
    {
        var row = await db.Attempts
            .Where(a => a.PublicId == attemptId && a.UserId == userId && a.AnsweredAt != null)
            .Select(a => new { Attempt = a, a.Case, ImagePublicId = a.Case!.Image!.PublicId, a.Case.Image.Width, a.Case.Image.Height })
            .AsNoTracking()
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var a = row.Attempt;
        var c = row.Case!;
        return new Reveal(
            a.PublicId, c.Id, c.Title, a.Truth!.Value, a.Answer!.Value, a.Confidence!.Value, a.IsCorrect!.Value, a.AnsweredAt!.Value,
            a.TimeOnCaseMs ?? 0, a.Band ?? ExperienceBand.Junior, c.ProvenBy, c.Age, c.Sex, c.Site, c.Side, c.View, c.Synthetic,
            c.Source, c.License, c.Attribution, notes.Html(c.Id, c.UpdatedAt, c.NotesMarkdown), row.ImagePublicId, row.Width, row.Height, c.LesionBox,
            AidedAnswers.Of(a));
    }

    /// <summary>The trainee's answered attempts, newest first, optionally only the mistakes.</summary>
    public async Task<(IReadOnlyList<HistoryEntry> Entries, int Total)> HistoryAsync(
        string userId, bool mistakesOnly, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var query = db.Attempts.Where(a => a.UserId == userId && a.AnsweredAt != null);
        if (mistakesOnly)
        {
            query = query.Where(a => a.IsCorrect == false);
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query
            .OrderByDescending(a => a.AnsweredAt)
            .ThenByDescending(a => a.Id)
            .Skip(Math.Max(0, page - 1) * pageSize)
            .Take(pageSize)
            .Select(a => new HistoryEntry(a.PublicId, a.AnsweredAt!.Value, a.Case!.Title, a.Answer!.Value, a.Truth!.Value, a.Confidence!.Value, a.IsCorrect!.Value))
            .ToListAsync(cancellationToken);
        return (entries, total);
    }
}
