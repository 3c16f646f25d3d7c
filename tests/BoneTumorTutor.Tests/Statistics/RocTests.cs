using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

public class RocTests
{
    [Theory]
    [InlineData("s100b", "0.73136856368563685")]
    [InlineData("wfns", "0.823678861788618")]
    [InlineData("ndka", "0.611957994579946")]
    public void Auc_Matches_pROC_On_aSAH(string column, string expected)
    {
        var asah = ReferenceData.LoadAsah();
        var scores = column switch { "s100b" => asah.S100b, "wfns" => asah.Wfns, _ => asah.Ndka };

        Printed.Equal(expected, Roc.Auc(asah.Poor, scores));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 3)]
    [InlineData(3, 6)]
    public void Auc_Equals_The_Pairwise_Mann_Whitney_Count_With_Ties_As_Half(int seed, int levels)
    {
        var (truth, scores) = Samples.Scores(seed, 150, levels);

        Assert.Equal(Samples.NaiveAuc(truth, scores), Roc.Auc(truth, scores), 12);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void Swapping_The_Classes_Gives_One_Minus_The_Auc(int seed)
    {
        var (truth, scores) = Samples.Scores(seed, 80);
        var swapped = truth.Select(t => !t).ToArray();

        Assert.Equal(1 - Roc.Auc(truth, scores), Roc.Auc(swapped, scores), 12);
    }

    [Fact]
    public void Auc_Is_Invariant_To_Strictly_Increasing_Transforms()
    {
        var (truth, scores) = Samples.Scores(21, 120, levels: 0);
        var auc = Roc.Auc(truth, scores);

        Assert.Equal(auc, Roc.Auc(truth, [.. scores.Select(s => Math.Exp(s))]), 12);
        Assert.Equal(auc, Roc.Auc(truth, [.. scores.Select(s => 100 * s - 7)]), 12);
        Assert.Equal(auc, Roc.Auc(truth, [.. scores.Select(s => s * s * s)]), 12);
        Assert.Equal(1 - auc, Roc.Auc(truth, [.. scores.Select(s => -s)]), 12);
    }

    [Fact]
    public void All_Tied_Scores_Give_An_Auc_Of_One_Half()
    {
        bool[] truth = [true, false, true, false, false];

        Assert.Equal(0.5, Roc.Auc(truth, [3, 3, 3, 3, 3]));
    }

    [Fact]
    public void Perfect_Separation_Gives_One_And_Reversed_Gives_Zero()
    {
        bool[] truth = [true, true, false, false];

        Assert.Equal(1, Roc.Auc(truth, [0.9, 0.8, 0.2, 0.1]));
        Assert.Equal(0, Roc.Auc(truth, [0.1, 0.2, 0.8, 0.9]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void An_Empty_Class_Is_A_Clear_Error(bool allPositive)
    {
        bool[] truth = [allPositive, allPositive, allPositive];

        var error = Assert.Throws<ArgumentException>(() => Roc.Auc(truth, [1, 2, 3]));
        Assert.Contains(allPositive ? "0 negative" : "0 positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Non_Finite_Score_Is_Named_In_The_Error()
    {
        var error = Assert.Throws<ArgumentException>(() => Roc.Auc([true, false, true], [1, double.NaN, 2]));

        Assert.Contains("Case 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_Lengths_Are_Rejected() =>
        Assert.Throws<ArgumentException>(() => Roc.Auc([true, false], [1, 2, 3]));

    [Theory]
    [InlineData(31, 0)]
    [InlineData(32, 4)]
    public void Curve_Runs_From_Origin_To_Corner_And_Its_Trapezoids_Add_Up_To_The_Auc(int seed, int levels)
    {
        var (truth, scores) = Samples.Scores(seed, 90, levels);

        var curve = Roc.Curve(truth, scores);

        Assert.Equal((0.0, 0.0), (curve[0].FalsePositiveFraction, curve[0].TruePositiveFraction));
        Assert.Equal((1.0, 1.0), (curve[^1].FalsePositiveFraction, curve[^1].TruePositiveFraction));
        Assert.Equal(scores.Distinct().Count() + 1, curve.Count);
        double area = 0;
        for (var i = 1; i < curve.Count; i++)
        {
            Assert.True(curve[i].FalsePositiveFraction >= curve[i - 1].FalsePositiveFraction);
            Assert.True(curve[i].TruePositiveFraction >= curve[i - 1].TruePositiveFraction);
            Assert.True(curve[i].Threshold < curve[i - 1].Threshold);
            area += (curve[i].FalsePositiveFraction - curve[i - 1].FalsePositiveFraction)
                * (curve[i].TruePositiveFraction + curve[i - 1].TruePositiveFraction) / 2;
        }

        Assert.Equal(Roc.Auc(truth, scores), area, 12);
    }

    [Fact]
    public void Curve_Points_Count_The_Cases_At_Or_Above_Each_Threshold()
    {
        bool[] truth = [true, true, false, true, false, false];
        double[] scores = [0.9, 0.7, 0.7, 0.4, 0.3, 0.1];

        var curve = Roc.Curve(truth, scores);

        var point = curve.Single(p => p.Threshold == 0.7);
        Assert.Equal(2.0 / 3, point.Sensitivity, 12);
        Assert.Equal(2.0 / 3, point.Specificity, 12);
        Assert.Equal(double.PositiveInfinity, curve[0].Threshold);
    }
}
