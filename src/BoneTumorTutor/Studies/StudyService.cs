using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Data;
using BoneTumorTutor.Inference;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BoneTumorTutor.Studies;

/// <summary>How a study's case set is given: chosen at random by filters, or picked by hand.</summary>
public enum CaseSetMode
{
    Filters = 0,
    Hand = 1,
}

/// <summary>Everything a director or educator sets when creating or editing a study.</summary>
public sealed record StudySetup(
    string Name,
    string Instructions,
    StudyDesign Design,
    DateTime Deadline,
    CaseSetMode Mode,
    CaseSetRequest Filters,
    bool IncludeSynthetic,
    string? Site,
    IReadOnlyList<int> HandPicked,
    IReadOnlyList<string> ReaderIds,
    IReadOnlyList<ExperienceBand> ReaderBands);

/// <summary>A study in the staff list.</summary>
public sealed record StudySummary(int Id, string Name, StudyDesign Design, DateTime Deadline, bool IsOpen, bool IsLocked, int Cases, int Readers, int ReadersFinished);

/// <summary>A study in a reader's own list, with their progress.</summary>
public sealed record AssignedStudy(int Id, string Name, StudyDesign Design, DateTime Deadline, bool IsOpen, int Cases, int Done);

/// <summary>A case a director may put into a study by hand; staff see the truth and the active model's call.</summary>
public sealed record CaseChoice(int CaseId, string Title, Diagnosis Truth, string Site, bool Synthetic, double? ModelProbability, Diagnosis? ModelCall);

/// <summary>A person who may be assigned as a reader.</summary>
public sealed record ReaderChoice(string UserId, string Name, string Email, int ExperienceYears, ExperienceBand Band, bool IsTrainee);

/// <summary>A study's set-up as staff see it.</summary>
public sealed record StudyDetails(
    int Id,
    string Name,
    string InstructionsMarkdown,
    StudyDesign Design,
    DateTime Deadline,
    DateTime CreatedAt,
    DateTime? LockedAt,
    DateTime? ClosedAt,
    bool IsOpen,
    string? ModelName,
    string? ModelSha256,
    double? ModelThreshold,
    IReadOnlyList<StudyCaseRow> Cases,
    IReadOnlyList<StudyReaderRow> Readers);

public sealed record StudyCaseRow(int CaseId, string Title, Diagnosis Truth, double? ModelProbability, Diagnosis? ModelCall, bool ModelErrorEnriched);

public sealed record StudyReaderRow(string UserId, string Name, ExperienceBand Band, int ExperienceYears, DateTime? StartedAt, int Done, int Total);

public enum StudyChangeStatus
{
    Saved,
    Invalid,
    Locked,
    NotFound,
}

/// <summary>The result of creating or changing a study; a refusal carries a message and changed nothing.</summary>
public sealed record StudyChange(StudyChangeStatus Status, int? StudyId = null, string? Message = null);

/// <summary>Creating, listing, editing and closing reader studies.</summary>
public sealed class StudyService(AppDbContext db, WriteGate writes, IActiveModel activeModel, TimeProvider clock, IOptions<ExperienceOptions> experience)
{
    public const int MaxCases = 500;
    public const int MaxNameLength = 200;
    public const int MaxInstructionsLength = 20_000;

    public async Task<IReadOnlyList<StudySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.ReaderStudies
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new
            {
                s.Id, s.Name, s.Design, s.Deadline, s.ClosedAt, s.LockedAt,
                Cases = s.Cases.Count,
                Readers = s.Readers.Count,
                Finished = s.Readers.Count(r => r.Reads.Count > 0 && r.Reads.All(x => x.UnaidedAt != null && (s.Design == StudyDesign.UnaidedOnly || x.AidedAt != null))),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new StudySummary(s.Id, s.Name, s.Design, s.Deadline, s.ClosedAt is null && now <= s.Deadline, s.LockedAt is not null, s.Cases, s.Readers, s.Finished))];
    }

    public async Task<IReadOnlyList<AssignedStudy>> AssignedToAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.StudyReaders
            .Where(r => r.UserId == userId)
            .OrderBy(r => r.Study!.Deadline)
            .Select(r => new
            {
                r.Study!.Id, r.Study.Name, r.Study.Design, r.Study.Deadline, r.Study.ClosedAt,
                Cases = r.Study.Cases.Count,
                Done = r.Reads.Count(x => x.UnaidedAt != null && (r.Study.Design == StudyDesign.UnaidedOnly || x.AidedAt != null)),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new AssignedStudy(s.Id, s.Name, s.Design, s.Deadline, s.ClosedAt is null && now <= s.Deadline, s.Cases, s.Done))];
    }

    /// <summary>Published cases with an image, with the active model's output when it has one.</summary>
    public async Task<IReadOnlyList<CaseChoice>> CaseChoicesAsync(CancellationToken cancellationToken = default)
    {
        var sha = activeModel.Current?.Sha256;
        var cases = await db.Cases
            .Where(c => c.Status == CaseStatus.Published && c.ImageId != null)
            .OrderBy(c => c.Title)
            .Select(c => new { c.Id, c.Title, c.Diagnosis, c.Site, c.Synthetic })
            .ToListAsync(cancellationToken);
        var predictions = await PredictionsAsync(sha, cancellationToken);
        return [.. cases.Select(c =>
        {
            var p = predictions.GetValueOrDefault(c.Id);
            return new CaseChoice(c.Id, c.Title, c.Diagnosis, c.Site, c.Synthetic, p?.ProbabilityOs, p?.Call);
        })];
    }

    public async Task<IReadOnlyList<ReaderChoice>> ReaderChoicesAsync(CancellationToken cancellationToken = default)
    {
        var trainees = await TraineeIdsAsync(cancellationToken);
        var users = await db.Users.OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.ExperienceYears })
            .ToListAsync(cancellationToken);
        var bands = experience.Value;
        return [.. users.Select(u => new ReaderChoice(u.Id, u.DisplayName, u.Email ?? "", u.ExperienceYears, bands.BandFor(u.ExperienceYears), trainees.Contains(u.Id)))];
    }

    /// <summary>The active model as a study would lock it, or null when none is active (only unaided-only studies then).</summary>
    public ActiveModelInfo? ModelToLock => activeModel.Current;

    public async Task<StudyChange> CreateAsync(string creatorId, StudySetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var now = clock.GetUtcNow().UtcDateTime;
        if (ValidateBasics(setup, now, requireFutureDeadline: true) is { } problem)
        {
            return new(StudyChangeStatus.Invalid, Message: problem);
        }

        var model = setup.Design == StudyDesign.Sequential ? activeModel.Current : null;
        if (setup.Design == StudyDesign.Sequential && model is null)
        {
            return new(StudyChangeStatus.Invalid, Message: "No model is active, so only an unaided-only study can be created. Ask an admin to activate a model for a sequential (unaided → aided) study.");
        }

        var seed = Random.Shared.Next();
        var (cases, caseProblem) = await ChooseCasesAsync(setup, model?.Sha256, seed, cancellationToken);
        if (caseProblem is not null)
        {
            return new(StudyChangeStatus.Invalid, Message: caseProblem);
        }

        var (readers, readerProblem) = await ResolveReadersAsync(setup, now, cancellationToken);
        if (readerProblem is not null)
        {
            return new(StudyChangeStatus.Invalid, Message: readerProblem);
        }

        var study = new ReaderStudy
        {
            Name = setup.Name.Trim(),
            InstructionsMarkdown = setup.Instructions ?? "",
            Design = setup.Design,
            ModelSha256 = model?.Sha256,
            ModelName = model?.Name,
            ModelThreshold = model?.Threshold,
            Deadline = AsUtc(setup.Deadline),
            CreatedAt = now,
            CreatedByUserId = creatorId,
            SelectionSeed = seed,
            Cases = cases,
            Readers = readers,
        };
        db.ReaderStudies.Add(study);
        await writes.RunAsync(db, db.SaveChangesAsync, cancellationToken);
        return new(StudyChangeStatus.Saved, study.Id);
    }

    /// <summary>
    /// Changes a study. Name, instructions, deadline and readers can change at any time (a reader who started cannot
    /// be removed); the case set and design only until the first reader starts. A refusal changes nothing.
    /// </summary>
    public async Task<StudyChange> UpdateAsync(int studyId, StudySetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var study = await db.ReaderStudies.Include(s => s.Cases).Include(s => s.Readers).FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return new(StudyChangeStatus.NotFound);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (ValidateBasics(setup, now, requireFutureDeadline: false) is { } problem)
        {
            return new(StudyChangeStatus.Invalid, studyId, problem);
        }

        var currentCases = study.Cases.Select(c => c.CaseId).ToHashSet();
        var caseSetChanges = setup.Mode == CaseSetMode.Filters || !currentCases.SetEquals(setup.HandPicked);
        var designChanges = setup.Design != study.Design;
        if ((caseSetChanges || designChanges) && study.LockedAt is { } locked)
        {
            return new(StudyChangeStatus.Locked, studyId, LockedMessage(locked));
        }

        string? modelSha = study.ModelSha256;
        if (designChanges)
        {
            var model = setup.Design == StudyDesign.Sequential ? activeModel.Current : null;
            if (setup.Design == StudyDesign.Sequential && model is null)
            {
                return new(StudyChangeStatus.Invalid, studyId, "No model is active, so the study cannot become sequential (unaided → aided). It stays unaided-only.");
            }

            study.Design = setup.Design;
            study.ModelSha256 = modelSha = model?.Sha256;
            study.ModelName = model?.Name;
            study.ModelThreshold = model?.Threshold;
        }

        List<StudyCase>? newCases = null;
        if (caseSetChanges || designChanges)
        {
            var seed = Random.Shared.Next();
            var (cases, caseProblem) = await ChooseCasesAsync(setup, modelSha, seed, cancellationToken);
            if (caseProblem is not null)
            {
                db.ChangeTracker.Clear();
                return new(StudyChangeStatus.Invalid, studyId, caseProblem);
            }

            newCases = cases;
            study.SelectionSeed = seed;
        }

        var (readers, readerProblem) = await ResolveReadersAsync(setup, now, cancellationToken);
        if (readerProblem is not null)
        {
            db.ChangeTracker.Clear();
            return new(StudyChangeStatus.Invalid, studyId, readerProblem);
        }

        var wanted = readers.Select(r => r.UserId).ToHashSet();
        var dropped = study.Readers.Where(r => !wanted.Contains(r.UserId)).ToList();
        if (dropped.FirstOrDefault(r => r.StartedAt is not null) is { } started)
        {
            db.ChangeTracker.Clear();
            var name = await db.Users.Where(u => u.Id == started.UserId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
            return new(StudyChangeStatus.Invalid, studyId, $"{name} has started reading and cannot be removed from the study. Nothing was changed.");
        }

        study.Name = setup.Name.Trim();
        study.InstructionsMarkdown = setup.Instructions ?? "";
        study.Deadline = AsUtc(setup.Deadline);
        db.StudyReaders.RemoveRange(dropped);
        var existing = study.Readers.Select(r => r.UserId).ToHashSet();
        study.Readers.AddRange(readers.Where(r => !existing.Contains(r.UserId)));

        var outcome = await writes.RunAsync(db, async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (newCases is not null)
            {
                // Claim the unlocked study in the database itself: a reader who started since it was loaded wins.
                var stillOpen = await db.ReaderStudies.Where(s => s.Id == studyId && s.LockedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.SelectionSeed, study.SelectionSeed), ct);
                if (stillOpen == 0)
                {
                    return false;
                }

                db.StudyCases.RemoveRange(study.Cases);
                study.Cases = newCases;
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, cancellationToken);
        db.ChangeTracker.Clear();
        if (!outcome)
        {
            var lockedAt = await db.ReaderStudies.Where(s => s.Id == studyId).Select(s => s.LockedAt).FirstAsync(cancellationToken);
            return new(StudyChangeStatus.Locked, studyId, LockedMessage(lockedAt!.Value));
        }

        return new(StudyChangeStatus.Saved, studyId);
    }

    /// <summary>Closes a study now: reading stops and readers see their feedback.</summary>
    public async Task<StudyChange> CloseAsync(int studyId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await writes.RunAsync(db, ct => db.ReaderStudies.Where(s => s.Id == studyId && s.ClosedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClosedAt, now), ct), cancellationToken);
        if (rows == 1)
        {
            return new(StudyChangeStatus.Saved, studyId);
        }

        return await db.ReaderStudies.AnyAsync(s => s.Id == studyId, cancellationToken)
            ? new(StudyChangeStatus.Invalid, studyId, "The study is already closed.")
            : new(StudyChangeStatus.NotFound);
    }

    public async Task<StudyDetails?> GetAsync(int studyId, CancellationToken cancellationToken = default)
    {
        var study = await db.ReaderStudies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return null;
        }

        var cases = await db.StudyCases.Where(c => c.StudyId == studyId).OrderBy(c => c.Position)
            .Select(c => new StudyCaseRow(c.CaseId, c.Case!.Title, c.Truth, c.ModelProbability, c.ModelCall, c.ModelErrorEnriched))
            .ToListAsync(cancellationToken);
        var readers = await db.StudyReaders.Where(r => r.StudyId == studyId).OrderBy(r => r.User!.DisplayName)
            .Select(r => new StudyReaderRow(
                r.UserId, r.User!.DisplayName, r.Band, r.ExperienceYears, r.StartedAt,
                r.Reads.Count(x => x.UnaidedAt != null && (study.Design == StudyDesign.UnaidedOnly || x.AidedAt != null)), cases.Count))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return new StudyDetails(
            study.Id, study.Name, study.InstructionsMarkdown, study.Design, study.Deadline, study.CreatedAt, study.LockedAt, study.ClosedAt,
            study.IsOpenAt(now), study.ModelName, study.ModelSha256, study.ModelThreshold, cases, readers);
    }

    /// <summary>The study's readers, cases and committed reads as the analysis wants them; null when there is no such study.</summary>
    public async Task<StudyData?> DataAsync(int studyId, CancellationToken cancellationToken = default)
    {
        var study = await db.ReaderStudies.AsNoTracking().FirstOrDefaultAsync(s => s.Id == studyId, cancellationToken);
        if (study is null)
        {
            return null;
        }

        var readers = await db.StudyReaders.Where(r => r.StudyId == studyId).OrderBy(r => r.Id)
            .Select(r => new { r.Id, r.User!.DisplayName, r.Band, r.ExperienceYears }).ToListAsync(cancellationToken);
        var cases = await db.StudyCases.Where(c => c.StudyId == studyId).OrderBy(c => c.Position)
            .Select(c => new { c.Id, c.Truth, c.ModelProbability, c.ModelCall }).ToListAsync(cancellationToken);
        var reads = await db.StudyReads.Where(r => r.Reader!.StudyId == studyId && r.UnaidedAt != null)
            .Select(r => new { r.StudyReaderId, r.StudyCaseId, r.UnaidedRating, r.UnaidedDiagnosis, r.AidedRating, r.AidedDiagnosis }).ToListAsync(cancellationToken);
        var digits = Math.Max(2, readers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var caseDigits = Math.Max(3, cases.Count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        var readerLabels = readers.Select((r, i) => (r.Id, Label: "R" + (i + 1).ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(x => x.Id, x => x.Label);
        var caseLabels = cases.Select((c, i) => (c.Id, Label: "C" + (i + 1).ToString("D" + caseDigits, System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(x => x.Id, x => x.Label);
        return new StudyData(
            study.Name,
            study.Design,
            [.. readers.Select(r => new AnalysisReader(readerLabels[r.Id], r.DisplayName, r.Band, r.ExperienceYears))],
            [.. cases.Select((c, i) => new AnalysisCase(caseLabels[c.Id], i + 1, c.Truth, c.ModelProbability, c.ModelCall))],
            [.. reads.Select(r => new AnalysisRead(
                readerLabels[r.StudyReaderId], caseLabels[r.StudyCaseId], r.UnaidedRating, r.UnaidedDiagnosis,
                study.Design == StudyDesign.Sequential ? r.AidedRating : null, study.Design == StudyDesign.Sequential ? r.AidedDiagnosis : null))]);
    }

    public static string LockedMessage(DateTime lockedAt) =>
        $"The case set and design are locked: reading started on {lockedAt:yyyy-MM-dd HH:mm} UTC. Nothing was changed. "
        + "Name, instructions, deadline and readers can still be edited; for a different case set or design, create a new study.";

    private static string? ValidateBasics(StudySetup setup, DateTime now, bool requireFutureDeadline)
    {
        if (string.IsNullOrWhiteSpace(setup.Name))
        {
            return "Give the study a name.";
        }

        if (setup.Name.Trim().Length > MaxNameLength)
        {
            return $"The name is longer than {MaxNameLength} characters.";
        }

        if ((setup.Instructions ?? "").Length > MaxInstructionsLength)
        {
            return $"The instructions are longer than {MaxInstructionsLength:N0} characters.";
        }

        if (!Enum.IsDefined(setup.Design))
        {
            return "Choose a design: sequential (unaided, then aided) or unaided only.";
        }

        if (requireFutureDeadline && AsUtc(setup.Deadline) <= now)
        {
            return "The deadline must be in the future.";
        }

        if (setup.ReaderIds.Count == 0 && setup.ReaderBands.Count == 0)
        {
            return "Assign at least one reader, by person or by experience band.";
        }

        return null;
    }

    private async Task<(List<StudyCase> Cases, string? Problem)> ChooseCasesAsync(StudySetup setup, string? modelSha, int seed, CancellationToken cancellationToken)
    {
        var published = await db.Cases
            .Where(c => c.Status == CaseStatus.Published && c.ImageId != null)
            .Select(c => new { c.Id, c.Title, c.Diagnosis, c.Site, c.Synthetic })
            .ToListAsync(cancellationToken);
        var predictions = await PredictionsAsync(modelSha, cancellationToken);
        var byId = published.ToDictionary(c => c.Id);
        List<(int CaseId, bool Enriched)> chosen;
        if (setup.Mode == CaseSetMode.Hand)
        {
            var ids = setup.HandPicked.Distinct().ToList();
            if (ids.Count < 4)
            {
                return ([], "Pick at least 4 cases (2 of each diagnosis).");
            }

            if (ids.Count > MaxCases)
            {
                return ([], $"A study holds at most {MaxCases} cases.");
            }

            if (ids.FirstOrDefault(id => !byId.ContainsKey(id)) is var missing and not 0)
            {
                return ([], $"Case {missing} is not a published case with an image.");
            }

            var truths = ids.Select(id => byId[id].Diagnosis).ToList();
            if (truths.Count(t => t == Diagnosis.Osteosarcoma) < 2 || truths.Count(t => t == Diagnosis.GiantCellTumor) < 2)
            {
                return ([], "Pick at least 2 osteosarcoma and 2 giant cell tumour cases; the analysis needs both.");
            }

            chosen = [.. ids.Select(id => (id, false))];
        }
        else
        {
            if (setup.Filters.Count > MaxCases)
            {
                return ([], $"A study holds at most {MaxCases} cases.");
            }

            var site = setup.Site?.Trim();
            var candidates = published
                .Where(c => setup.IncludeSynthetic || !c.Synthetic)
                .Where(c => string.IsNullOrEmpty(site) || c.Site.Contains(site, StringComparison.OrdinalIgnoreCase))
                .Where(c => setup.Design == StudyDesign.UnaidedOnly || predictions.ContainsKey(c.Id))
                .Select(c => new StudyCandidate(c.Id, c.Diagnosis, predictions.TryGetValue(c.Id, out var p) ? p.Call != c.Diagnosis : null))
                .ToList();
            if (setup.Filters.ModelErrors > 0 && modelSha is null)
            {
                return ([], "Enriching with the model's errors needs an active model; no model is active.");
            }

            var (picked, problem) = StudyCasePicker.Pick(candidates, setup.Filters, seed);
            if (problem is not null)
            {
                return ([], problem);
            }

            chosen = [.. picked];
        }

        if (setup.Design == StudyDesign.Sequential)
        {
            var without = chosen.Where(c => !predictions.ContainsKey(c.CaseId)).Select(c => byId[c.CaseId].Title).ToList();
            if (without.Count > 0)
            {
                return ([], $"The model has no output yet for {without.Count} chosen case(s) ({string.Join(", ", without.Take(5))}{(without.Count > 5 ? ", …" : "")}); "
                    + "a sequential study shows the model's output for every case. Remove them or wait until the model has read them.");
            }
        }

        var cases = chosen.Select((c, i) =>
        {
            var p = predictions.GetValueOrDefault(c.CaseId);
            return new StudyCase
            {
                CaseId = c.CaseId,
                Position = i,
                Truth = byId[c.CaseId].Diagnosis,
                ModelProbability = setup.Design == StudyDesign.Sequential ? p?.ProbabilityOs : null,
                ModelCall = setup.Design == StudyDesign.Sequential ? p?.Call : null,
                ModelErrorEnriched = c.Enriched,
            };
        }).ToList();
        return (cases, null);
    }

    private async Task<(List<StudyReader> Readers, string? Problem)> ResolveReadersAsync(StudySetup setup, DateTime now, CancellationToken cancellationToken)
    {
        var wanted = setup.ReaderIds.Where(id => !string.IsNullOrEmpty(id)).Distinct().ToHashSet();
        var users = await db.Users.Select(u => new { u.Id, u.DisplayName, u.ExperienceYears }).ToListAsync(cancellationToken);
        var known = users.Select(u => u.Id).ToHashSet();
        if (wanted.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
        {
            return ([], $"There is no user with id '{unknown}'.");
        }

        var bands = experience.Value;
        if (setup.ReaderBands.Count > 0)
        {
            // A band means the trainees whose experience falls in it today.
            var trainees = await TraineeIdsAsync(cancellationToken);
            foreach (var u in users.Where(u => trainees.Contains(u.Id) && setup.ReaderBands.Contains(bands.BandFor(u.ExperienceYears))))
            {
                wanted.Add(u.Id);
            }
        }

        if (wanted.Count == 0)
        {
            return ([], "No trainee is in the chosen experience band(s) yet; assign readers by person.");
        }

        var readers = users.Where(u => wanted.Contains(u.Id)).Select(u => new StudyReader
        {
            UserId = u.Id,
            ExperienceYears = u.ExperienceYears,
            Band = bands.BandFor(u.ExperienceYears),
            OrderSeed = Random.Shared.Next(),
            AssignedAt = now,
        }).ToList();
        return (readers, null);
    }

    private async Task<HashSet<string>> TraineeIdsAsync(CancellationToken cancellationToken) =>
        (await db.UserRoles.Join(db.Roles.Where(r => r.Name == Roles.Trainee), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .ToListAsync(cancellationToken)).ToHashSet();

    private async Task<Dictionary<int, CasePrediction>> PredictionsAsync(string? sha, CancellationToken cancellationToken) =>
        sha is null
            ? []
            : await db.CasePredictions.AsNoTracking().Where(p => p.ModelSha256 == sha).ToDictionaryAsync(p => p.CaseId, cancellationToken);

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
