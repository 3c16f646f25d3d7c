using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

public class CalibrationTests
{
    [Fact]
    public void Brier_Score_Is_The_Mean_Squared_Error_Of_The_Probabilities()
    {
        var score = Calibration.BrierScore([true, false, true], [0.9, 0.2, 0.4]);

        Assert.Equal((0.01 + 0.04 + 0.36) / 3, score, 15);
    }

    [Fact]
    public void Brier_Score_Is_Zero_When_Certain_And_Right_And_A_Quarter_For_A_Coin_Toss()
    {
        bool[] truth = [true, false, false, true];

        Assert.Equal(0, Calibration.BrierScore(truth, [1, 0, 0, 1]));
        Assert.Equal(0.25, Calibration.BrierScore(truth, [0.5, 0.5, 0.5, 0.5]));
        Assert.Equal(1, Calibration.BrierScore(truth, [0, 1, 1, 0]));
    }

    [Fact]
    public void Bins_Hold_Count_Mean_Prediction_And_Observed_Rate()
    {
        bool[] truth = [true, false, true, true, false];
        double[] probabilities = [0.05, 0.15, 0.55, 0.95, 1.0];

        var bins = Calibration.Bins(truth, probabilities, binCount: 5);

        Assert.Equal(5, bins.Count);
        Assert.Equal(new CalibrationBin(0, 0.2, 2, 0.1, 0.5), bins[0]);
        Assert.Equal(new CalibrationBin(0.2, 0.4, 0, null, null), bins[1]);
        Assert.Equal(1, bins[2].Count);
        Assert.Equal(2, bins[4].Count);
        Assert.Equal(0.975, bins[4].MeanPredicted!.Value, 15);
        Assert.Equal(0.5, bins[4].ObservedRate);
        Assert.Equal(truth.Length, bins.Sum(b => b.Count));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void Probabilities_Outside_The_Unit_Interval_Are_Rejected(double probability)
    {
        var error = Assert.Throws<ArgumentException>(() => Calibration.BrierScore([true, false], [0.5, probability]));

        Assert.Contains("Case 1", error.Message, StringComparison.Ordinal);
    }
}
