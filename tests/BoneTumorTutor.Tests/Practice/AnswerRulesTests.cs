using BoneTumorTutor.Cases;
using BoneTumorTutor.Practice;

namespace BoneTumorTutor.Tests.Practice;

public class AnswerRulesTests
{
    [Theory]
    [InlineData(Diagnosis.Osteosarcoma, 50)]
    [InlineData(Diagnosis.Osteosarcoma, 100)]
    [InlineData(Diagnosis.GiantCellTumor, 0)]
    [InlineData(Diagnosis.GiantCellTumor, 50)]
    public void Accepts_A_Consistent_Answer(Diagnosis diagnosis, int confidence) =>
        Assert.Null(AnswerRules.Validate(diagnosis, confidence));

    [Theory]
    [InlineData(null, 50, "Choose a diagnosis")]
    [InlineData((Diagnosis)7, 50, "Choose a diagnosis")]
    [InlineData(Diagnosis.Osteosarcoma, null, "from 0 to 100")]
    [InlineData(Diagnosis.Osteosarcoma, 101, "from 0 to 100")]
    [InlineData(Diagnosis.GiantCellTumor, -1, "from 0 to 100")]
    [InlineData(Diagnosis.Osteosarcoma, 49, "below 50%")]
    [InlineData(Diagnosis.GiantCellTumor, 51, "above 50%")]
    public void Refuses_An_Incomplete_Or_Contradictory_Answer(Diagnosis? diagnosis, int? confidence, string message) =>
        Assert.Contains(message, AnswerRules.Validate(diagnosis, confidence), StringComparison.Ordinal);
}
