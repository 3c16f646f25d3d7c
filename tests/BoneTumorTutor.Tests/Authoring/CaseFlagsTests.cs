using BoneTumorTutor.Authoring;
using BoneTumorTutor.Cases;

namespace BoneTumorTutor.Tests.Authoring;

public sealed class CaseFlagsTests
{
    [Fact]
    public void Fewer_Than_Ten_Answers_Flag_Nothing() =>
        Assert.Equal(CaseFlag.None, CaseFlags.For(Diagnosis.Osteosarcoma, 9, 0, 5, Diagnosis.GiantCellTumor));

    [Theory]
    [InlineData(20, 19, CaseFlag.TooEasy)]
    [InlineData(20, 18, CaseFlag.None)]
    [InlineData(20, 8, CaseFlag.TooHard)]
    [InlineData(20, 9, CaseFlag.None)]
    public void Accuracy_Bounds(int answers, int correct, CaseFlag expected) =>
        Assert.Equal(expected, CaseFlags.For(Diagnosis.Osteosarcoma, answers, correct, 60, null));

    [Fact]
    public void Mislabelled_Needs_Trainees_And_Model_Against_The_Label()
    {
        // Truth OS, 2 of 20 right, trainees lean GCT (mean p(OS) 20), model calls GCT: flagged.
        Assert.True(CaseFlags.For(Diagnosis.Osteosarcoma, 20, 2, 20, Diagnosis.GiantCellTumor).HasFlag(CaseFlag.PossiblyMislabelled));
        // The model agrees with the label: hard, not mislabelled.
        Assert.Equal(CaseFlag.TooHard, CaseFlags.For(Diagnosis.Osteosarcoma, 20, 2, 20, Diagnosis.Osteosarcoma));
        // No model reading: the trainees alone can raise it.
        Assert.True(CaseFlags.For(Diagnosis.GiantCellTumor, 20, 3, 80, null).HasFlag(CaseFlag.PossiblyMislabelled));
        // Trainees' mean leans the label's way (their wrong answers were unsure): not mislabelled.
        Assert.False(CaseFlags.For(Diagnosis.GiantCellTumor, 20, 3, 45, null).HasFlag(CaseFlag.PossiblyMislabelled));
    }
}
