using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Studies;

/// <summary>A case that may go into a study's set: its truth and whether the locked model's call on it is wrong (null: no output).</summary>
public sealed record StudyCandidate(int CaseId, Diagnosis Truth, bool? ModelWrong);

/// <summary>How to choose a case set by filters: how many, balanced or not, and how many of the model's errors to include.</summary>
public sealed record CaseSetRequest(int Count, bool Balanced, int ModelErrors);

/// <summary>Chooses a study's case set from candidates: balanced OS/GCT by default, optionally enriched with the model's errors.</summary>
public static class StudyCasePicker
{
    /// <summary>
    /// Picks <see cref="CaseSetRequest.Count"/> cases with the given seed. Model errors are drawn first (balanced
    /// across truths as far as they allow), then the rest so that the whole set is as close to half OS / half GCT as
    /// the candidates allow. Returns the chosen ids and which of them were drawn as model errors, or a message.
    /// </summary>
    public static (IReadOnlyList<(int CaseId, bool Enriched)> Cases, string? Problem) Pick(IReadOnlyList<StudyCandidate> candidates, CaseSetRequest request, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count < 4)
        {
            return ([], "A study needs at least 4 cases (2 of each diagnosis) to be analysed.");
        }

        if (request.ModelErrors < 0 || request.ModelErrors > request.Count)
        {
            return ([], $"The number of model errors to include must lie between 0 and the {request.Count} cases.");
        }

        if (candidates.Count < request.Count)
        {
            return ([], $"Only {candidates.Count} case(s) match the filters; the study asks for {request.Count}.");
        }

        var random = new Random(seed);
        var chosen = new List<(int CaseId, bool Enriched)>();
        var taken = new HashSet<int>();

        if (request.ModelErrors > 0)
        {
            var errors = candidates.Where(c => c.ModelWrong == true).ToList();
            if (errors.Count < request.ModelErrors)
            {
                return ([], $"The model gets {errors.Count} of the matching cases wrong; the study asks for {request.ModelErrors}.");
            }

            foreach (var id in Draw(errors, request.ModelErrors, request.Balanced, random))
            {
                chosen.Add((id, true));
                taken.Add(id);
            }
        }

        var rest = candidates.Where(c => !taken.Contains(c.CaseId)).ToList();
        var remaining = request.Count - chosen.Count;
        if (request.Balanced)
        {
            // Aim at half of the whole set for each truth, counting the enriched cases already chosen.
            var osWanted = request.Count / 2 + (request.Count % 2 == 1 && random.Next(2) == 1 ? 1 : 0);
            var osHave = candidates.Count(c => taken.Contains(c.CaseId) && c.Truth == Diagnosis.Osteosarcoma);
            var osNeed = Math.Clamp(osWanted - osHave, 0, remaining);
            var osPool = rest.Where(c => c.Truth == Diagnosis.Osteosarcoma).ToList();
            var gctPool = rest.Where(c => c.Truth == Diagnosis.GiantCellTumor).ToList();
            var gctNeed = remaining - osNeed;
            if (osPool.Count < osNeed || gctPool.Count < gctNeed)
            {
                return ([], $"A balanced set of {request.Count} needs {osNeed} more osteosarcoma and {gctNeed} more giant cell tumour cases; "
                    + $"the filters leave {osPool.Count} and {gctPool.Count}. Lower the number of cases or choose an unbalanced set.");
            }

            chosen.AddRange(Shuffle(osPool, random).Take(osNeed).Select(c => (c.CaseId, false)));
            chosen.AddRange(Shuffle(gctPool, random).Take(gctNeed).Select(c => (c.CaseId, false)));
        }
        else
        {
            chosen.AddRange(Shuffle(rest, random).Take(remaining).Select(c => (c.CaseId, false)));
        }

        var truths = candidates.Where(c => chosen.Any(x => x.CaseId == c.CaseId)).Select(c => c.Truth).ToList();
        if (truths.Count(t => t == Diagnosis.Osteosarcoma) < 2 || truths.Count(t => t == Diagnosis.GiantCellTumor) < 2)
        {
            return ([], "The chosen set has fewer than 2 cases of one diagnosis; the analysis needs at least 2 of each.");
        }

        return (Shuffle(chosen, random), null);
    }

    /// <summary>A reader's reading order: the case positions 0..n−1 shuffled with the reader's seed.</summary>
    public static IReadOnlyList<int> ReadingOrder(int caseCount, int seed) => Shuffle(Enumerable.Range(0, caseCount).ToList(), new Random(seed));

    private static IEnumerable<int> Draw(List<StudyCandidate> pool, int count, bool balanced, Random random)
    {
        if (!balanced)
        {
            return Shuffle(pool, random).Take(count).Select(c => c.CaseId);
        }

        // Alternate truths while both last, so enrichment does not tilt the set towards one diagnosis.
        var os = new Queue<StudyCandidate>(Shuffle(pool.Where(c => c.Truth == Diagnosis.Osteosarcoma).ToList(), random));
        var gct = new Queue<StudyCandidate>(Shuffle(pool.Where(c => c.Truth == Diagnosis.GiantCellTumor).ToList(), random));
        var picked = new List<int>();
        var takeOs = random.Next(2) == 0;
        while (picked.Count < count)
        {
            var queue = (takeOs && os.Count > 0) || gct.Count == 0 ? os : gct;
            picked.Add(queue.Dequeue().CaseId);
            takeOs = !takeOs;
        }

        return picked;
    }

    // Fisher–Yates with the given generator (Durstenfeld 1964, Commun ACM 7:420).
    private static List<T> Shuffle<T>(IReadOnlyList<T> items, Random random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
