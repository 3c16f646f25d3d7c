using BoneTumorTutor.Cases;
using BoneTumorTutor.Studies;

namespace BoneTumorTutor.Tests.Studies;

public sealed class StudyCasePickerTests
{
    private static List<StudyCandidate> Candidates(int os, int gct, int wrongOs = 0, int wrongGct = 0) =>
    [
        .. Enumerable.Range(0, os).Select(i => new StudyCandidate(i + 1, Diagnosis.Osteosarcoma, i < wrongOs)),
        .. Enumerable.Range(0, gct).Select(i => new StudyCandidate(1000 + i, Diagnosis.GiantCellTumor, i < wrongGct)),
    ];

    [Fact]
    public void A_Balanced_Set_Has_Half_Of_Each_Diagnosis_Even_From_An_Unbalanced_Pool()
    {
        var pool = Candidates(os: 80, gct: 20);

        var (cases, problem) = StudyCasePicker.Pick(pool, new CaseSetRequest(30, Balanced: true, ModelErrors: 0), seed: 7);

        Assert.Null(problem);
        Assert.Equal(30, cases.Select(c => c.CaseId).Distinct().Count());
        Assert.Equal(15, cases.Count(c => c.CaseId < 1000));
    }

    [Fact]
    public void Enrichment_Adds_The_Models_Errors_And_Keeps_The_Set_Balanced()
    {
        var pool = Candidates(os: 40, gct: 40, wrongOs: 3, wrongGct: 5);

        var (cases, problem) = StudyCasePicker.Pick(pool, new CaseSetRequest(20, Balanced: true, ModelErrors: 6), seed: 3);

        Assert.Null(problem);
        var wrong = pool.Where(c => c.ModelWrong == true).Select(c => c.CaseId).ToHashSet();
        Assert.Equal(6, cases.Count(c => c.Enriched));
        Assert.All(cases.Where(c => c.Enriched), c => Assert.Contains(c.CaseId, wrong));
        Assert.Equal(10, cases.Count(c => c.CaseId < 1000));
    }

    [Fact]
    public void The_Same_Seed_Gives_The_Same_Set_And_Order()
    {
        var pool = Candidates(os: 50, gct: 50);
        var request = new CaseSetRequest(20, Balanced: true, ModelErrors: 0);

        Assert.Equal(StudyCasePicker.Pick(pool, request, 11).Cases, StudyCasePicker.Pick(pool, request, 11).Cases);
        Assert.Equal(StudyCasePicker.ReadingOrder(50, 5), StudyCasePicker.ReadingOrder(50, 5));
        Assert.Equal(Enumerable.Range(0, 50), StudyCasePicker.ReadingOrder(50, 5).Order());
        Assert.NotEqual(StudyCasePicker.ReadingOrder(50, 5), StudyCasePicker.ReadingOrder(50, 6));
    }

    [Theory]
    [InlineData(3, 10, 10, 0, "at least 4 cases")]
    [InlineData(30, 10, 10, 0, "Only 20 case(s)")]
    [InlineData(16, 20, 5, 0, "balanced set of 16")]
    [InlineData(10, 20, 20, 5, "The model gets 0")]
    public void Impossible_Requests_Say_Why(int count, int os, int gct, int errors, string message)
    {
        var (cases, problem) = StudyCasePicker.Pick(Candidates(os, gct), new CaseSetRequest(count, true, errors), seed: 1);

        Assert.Empty(cases);
        Assert.Contains(message, problem, StringComparison.Ordinal);
    }
}
