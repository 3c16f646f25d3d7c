using BoneTumorTutor.Cases;
using BoneTumorTutor.Practice;

namespace BoneTumorTutor.Tests.Practice;

public class CaseSelectorTests
{
    private static CaseCandidate Os(int id, int seen = 0) => new(id, Diagnosis.Osteosarcoma, seen);

    private static CaseCandidate Gct(int id, int seen = 0) => new(id, Diagnosis.GiantCellTumor, seen);

    [Fact]
    public void Returns_Null_When_Nothing_Is_Published() =>
        Assert.Null(CaseSelector.Choose([], null, new Random(1)));

    [Fact]
    public void Never_Repeats_The_Last_Case_When_Another_Exists()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            Assert.NotEqual(1, CaseSelector.Choose([Os(1), Gct(2)], lastCaseId: 1, random));
            Assert.Equal(2, CaseSelector.Choose([Os(1), Os(2)], lastCaseId: 1, random));
        }
    }

    [Fact]
    public void Repeats_Only_When_It_Is_The_Only_Case() =>
        Assert.Equal(1, CaseSelector.Choose([Os(1, seen: 3)], lastCaseId: 1, new Random(1)));

    [Fact]
    public void Prefers_Unseen_Cases_Within_A_Class()
    {
        var random = new Random(3);
        for (var i = 0; i < 500; i++)
        {
            var chosen = CaseSelector.Choose([Os(1, seen: 2), Os(2), Os(3, seen: 1), Gct(4, seen: 1), Gct(5)], lastCaseId: null, random);
            Assert.Contains(chosen, new int?[] { 2, 5 });
        }
    }

    [Fact]
    public void Balances_Classes_Even_When_One_Class_Has_Far_More_Cases()
    {
        var candidates = Enumerable.Range(1, 90).Select(i => Os(i)).Concat(Enumerable.Range(91, 10).Select(i => Gct(i))).ToList();
        var random = new Random(11);
        var os = 0;
        const int Draws = 4000;
        for (var i = 0; i < Draws; i++)
        {
            var id = CaseSelector.Choose(candidates, null, random);
            os += id <= 90 ? 1 : 0;
        }

        // 50% ± 4 standard errors (σ ≈ 0.8% at 4,000 draws).
        Assert.InRange(os / (double)Draws, 0.468, 0.532);
    }

    [Fact]
    public void Covers_Every_Unseen_Case_Before_Repeating_One()
    {
        var seen = new Dictionary<int, int>();
        var cases = new[] { Os(1), Os(2), Os(3), Gct(4), Gct(5), Gct(6) };
        var random = new Random(5);
        int? last = null;
        for (var i = 0; i < 6; i++)
        {
            var candidates = cases.Select(c => c with { TimesSeen = seen.GetValueOrDefault(c.CaseId) }).ToList();
            var chosen = CaseSelector.Choose(candidates, last, random)!.Value;
            seen[chosen] = seen.GetValueOrDefault(chosen) + 1;
            last = chosen;
        }

        // Classes are drawn 50/50, so a class can run out first; within each class unseen come first,
        // so no case of a class is seen twice while another of that class is unseen.
        foreach (var group in cases.GroupBy(c => c.Diagnosis))
        {
            var counts = group.Select(c => seen.GetValueOrDefault(c.CaseId)).ToList();
            Assert.True(counts.Max() - counts.Min() <= 1, $"{group.Key}: {string.Join(",", counts)}");
        }
    }
}
