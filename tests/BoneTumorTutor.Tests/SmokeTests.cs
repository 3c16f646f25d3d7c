namespace BoneTumorTutor.Tests;

public class SmokeTests
{
    [Fact]
    public void Osteosarcoma_Is_The_Positive_Class() => Assert.Equal(1, (int)Cases.Diagnosis.Osteosarcoma);
}
