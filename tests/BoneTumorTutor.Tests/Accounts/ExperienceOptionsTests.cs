using BoneTumorTutor.Accounts;

namespace BoneTumorTutor.Tests.Accounts;

public class ExperienceOptionsTests
{
    [Theory]
    [InlineData(0, ExperienceBand.Junior)]
    [InlineData(5, ExperienceBand.Junior)]
    [InlineData(6, ExperienceBand.Intermediate)]
    [InlineData(10, ExperienceBand.Intermediate)]
    [InlineData(11, ExperienceBand.Senior)]
    [InlineData(35, ExperienceBand.Senior)]
    public void Default_Bands_Follow_The_Study(int years, ExperienceBand band) =>
        Assert.Equal(band, new ExperienceOptions().BandFor(years));

    [Fact]
    public void Bands_Are_Configurable()
    {
        var options = new ExperienceOptions { JuniorMaxYears = 3, IntermediateMaxYears = 7 };

        Assert.Equal(ExperienceBand.Intermediate, options.BandFor(4));
        Assert.Equal(ExperienceBand.Senior, options.BandFor(8));
        Assert.Equal("Intermediate (4–7 years)", options.Describe(ExperienceBand.Intermediate));
    }

    [Theory]
    [InlineData(TrainingStage.Resident, 3, 3)]
    [InlineData(TrainingStage.Resident, 0, 1)]
    [InlineData(TrainingStage.Resident, 12, 7)]
    [InlineData(TrainingStage.Fellow, 6, 6)]
    [InlineData(TrainingStage.Radiologist, 15, 15)]
    public void Residency_Year_Maps_To_Years(TrainingStage stage, int value, int years) =>
        Assert.Equal(years, TrainingLevels.YearsFor(stage, value));
}
