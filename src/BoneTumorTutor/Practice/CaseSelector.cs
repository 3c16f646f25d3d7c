using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Practice;

/// <summary>A published case as the selector sees it: its class and how often this trainee has answered it.</summary>
public readonly record struct CaseCandidate(int CaseId, Diagnosis Diagnosis, int TimesSeen);

/// <summary>
/// Chooses a trainee's next case. Classes are balanced by drawing the class at random (50/50 whenever both are
/// available) rather than by counting — a counting rule would let a trainee predict the next case's diagnosis.
/// Within the class, the cases this trainee has seen least often come first (unseen before seen), and the case
/// just answered is never shown again straight away unless it is the only published case.
/// </summary>
public static class CaseSelector
{
    public static int? Choose(IReadOnlyList<CaseCandidate> candidates, int? lastCaseId, Random random)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(random);
        if (candidates.Count == 0)
        {
            return null;
        }

        var pool = candidates.Where(c => c.CaseId != lastCaseId).ToList();
        if (pool.Count == 0)
        {
            pool = [.. candidates];
        }

        var classes = pool.Select(c => c.Diagnosis).Distinct().Order().ToList();
        var diagnosis = classes[random.Next(classes.Count)];
        var inClass = pool.Where(c => c.Diagnosis == diagnosis).ToList();
        var leastSeen = inClass.Min(c => c.TimesSeen);
        var freshest = inClass.Where(c => c.TimesSeen == leastSeen).OrderBy(c => c.CaseId).ToList();
        return freshest[random.Next(freshest.Count)].CaseId;
    }
}
