using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

public class DiagnosticAccuracyTests
{
    [Fact]
    public void Calls_Are_Tallied_Into_Sensitivity_Specificity_And_Accuracy()
    {
        bool[] truth = [true, true, true, true, false, false, false];
        bool[] calls = [true, true, true, false, false, false, true];

        var table = DiagnosticAccuracy.FromCalls(truth, calls);

        Assert.Equal(new DiagnosticAccuracy(TruePositives: 3, FalsePositives: 1, TrueNegatives: 2, FalseNegatives: 1), table);
        Assert.Equal(0.75, table.Sensitivity!.Estimate);
        Assert.Equal(2.0 / 3, table.Specificity!.Estimate, 15);
        Assert.Equal(5.0 / 7, table.Accuracy!.Estimate, 15);
        Assert.Equal(Wilson.Interval(3, 4), table.Sensitivity.Ci95);
    }

    [Fact]
    public void Without_Positive_Cases_Sensitivity_Is_Undefined_Not_Zero()
    {
        var table = DiagnosticAccuracy.FromCalls([false, false], [false, true]);

        Assert.Null(table.Sensitivity);
        Assert.Equal(0.5, table.Specificity!.Estimate);
    }

    [Fact]
    public void A_Threshold_Calls_Scores_At_Or_Above_It_Positive()
    {
        bool[] truth = [true, true, false, false];

        var table = DiagnosticAccuracy.AtThreshold(truth, [80, 50, 50, 20], threshold: 50);

        Assert.Equal(new DiagnosticAccuracy(2, 1, 1, 0), table);
    }
}
