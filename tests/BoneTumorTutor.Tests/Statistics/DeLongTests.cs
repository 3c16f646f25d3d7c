using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

public class DeLongTests
{
    [Fact]
    public void DeLong_Variance_And_Ci_Match_pROC_On_aSAH()
    {
        var asah = ReferenceData.LoadAsah();

        var s100b = DeLong.Analyze(asah.Poor, asah.S100b);
        var wfns = DeLong.Analyze(asah.Poor, asah.Wfns);

        Printed.Equal("0.73136856368563685", s100b.Auc);
        Printed.Equal("0.00266868245717244", s100b.Variance);
        Printed.Equal("0.63011821176162264", s100b.Ci.Lower);
        Printed.Equal("0.83261891560965107", s100b.Ci.Upper);
        Printed.Equal("0.00146991470882363", wfns.Variance);
        Assert.Equal((41, 72), (s100b.Positives, s100b.Negatives));
    }

    [Fact]
    public void Paired_DeLong_Matches_pROC_On_aSAH()
    {
        var asah = ReferenceData.LoadAsah();

        var test = DeLong.PairedTest(asah.Poor, asah.Wfns, asah.S100b);

        Printed.Equal("0.00119615567376754", test.Covariance);
        Printed.Equal("2.20898359144091", test.Z);
        Printed.Equal("0.0271757822291882", test.P);
        Printed.Equal("0.0104061769564846", test.DifferenceCi.Lower);
        Printed.Equal("0.174214419249478", test.DifferenceCi.Upper);
        Printed.Equal("0.823678861788618", test.First.Auc);
        Printed.Equal("0.73136856368563685", test.Second.Auc);
        Assert.Equal(test.First.Auc - test.Second.Auc, test.Difference);
        Assert.True(test.Paired);
    }

    [Fact]
    public void Swapping_The_Two_Scores_Flips_Z_And_The_Difference()
    {
        var asah = ReferenceData.LoadAsah();

        var forward = DeLong.PairedTest(asah.Poor, asah.Wfns, asah.S100b);
        var backward = DeLong.PairedTest(asah.Poor, asah.S100b, asah.Wfns);

        Assert.Equal(-forward.Z, backward.Z, 12);
        Assert.Equal(-forward.Difference, backward.Difference, 12);
        Assert.Equal(forward.P, backward.P, 12);
        Assert.Equal(forward.Covariance, backward.Covariance, 15);
        Assert.Equal(-forward.DifferenceCi.Upper, backward.DifferenceCi.Lower, 12);
    }

    [Theory]
    [InlineData(41, 0)]
    [InlineData(42, 3)]
    [InlineData(43, 7)]
    public void Fast_DeLong_Equals_The_Original_Quadratic_Formulas(int seed, int levels)
    {
        var (truth, first) = Samples.Scores(seed, 120, levels);
        var random = new Random(seed);
        double[] second = [.. first.Select(s => Math.Round(s + 2 * Samples.Normal(random)))];
        double[] third = [.. truth.Select(t => (double)random.Next(3) + (t ? 1 : 0))];

        var covariance = DeLong.Covariance(truth, [first, second, third]);

        double[][] all = [first, second, third];
        for (var a = 0; a < 3; a++)
        {
            Assert.Equal(Samples.NaiveAuc(truth, all[a]), covariance.Aucs[a], 12);
            for (var b = 0; b < 3; b++)
            {
                Assert.Equal(Samples.NaiveDeLongCovariance(truth, all[a], all[b]), covariance[a, b], 14);
            }
        }
    }

    [Fact]
    public void DeLong_Is_Invariant_To_Strictly_Increasing_Transforms()
    {
        var asah = ReferenceData.LoadAsah();
        var test = DeLong.PairedTest(asah.Poor, asah.Wfns, asah.S100b);

        var transformed = DeLong.PairedTest(asah.Poor, [.. asah.Wfns.Select(w => Math.Pow(w, 3) + 10)], [.. asah.S100b.Select(s => Math.Log(s))]);

        Assert.Equal(test.Z, transformed.Z, 12);
        Assert.Equal(test.First.Variance, transformed.First.Variance, 15);
        Assert.Equal(test.Covariance, transformed.Covariance, 15);
    }

    [Fact]
    public void Swapping_The_Classes_Mirrors_The_Auc_And_Keeps_The_Variance()
    {
        var asah = ReferenceData.LoadAsah();
        var estimate = DeLong.Analyze(asah.Poor, asah.Ndka);

        var mirrored = DeLong.Analyze([.. asah.Poor.Select(p => !p)], asah.Ndka);

        Assert.Equal(1 - estimate.Auc, mirrored.Auc, 12);
        Assert.Equal(estimate.Variance, mirrored.Variance, 15);
    }

    [Fact]
    public void All_Ties_Give_One_Half_With_Zero_Variance()
    {
        bool[] truth = [true, true, true, false, false];

        var estimate = DeLong.Analyze(truth, [2, 2, 2, 2, 2]);

        Assert.Equal(0.5, estimate.Auc);
        Assert.Equal(0, estimate.Variance);
        Assert.Equal(new ConfidenceInterval(0.5, 0.5), estimate.Ci);
    }

    [Fact]
    public void Identical_Scores_Give_Z_Zero_And_P_One()
    {
        var asah = ReferenceData.LoadAsah();

        var test = DeLong.PairedTest(asah.Poor, asah.S100b, asah.S100b);

        Assert.Equal((0.0, 0.0, 1.0), (test.Difference, test.Z, test.P));
    }

    [Fact]
    public void DeLong_Needs_Two_Cases_Of_Each_Class()
    {
        var error = Assert.Throws<ArgumentException>(() => DeLong.Analyze([true, false, false, false], [4, 1, 2, 3]));

        Assert.Contains("at least 2 positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ci_Is_Clipped_To_The_Unit_Interval()
    {
        bool[] truth = [true, true, true, false, false, false];

        var estimate = DeLong.Analyze(truth, [6, 5, 3, 4, 2, 1]);

        Assert.True(estimate.Auc + 1.96 * estimate.StandardError > 1);
        Assert.Equal(1, estimate.Ci.Upper);
    }

    [Fact]
    public void A_Lower_Confidence_Level_Gives_A_Narrower_Interval()
    {
        var asah = ReferenceData.LoadAsah();

        var wide = DeLong.Analyze(asah.Poor, asah.S100b, 0.99);
        var narrow = DeLong.Analyze(asah.Poor, asah.S100b, 0.90);

        Assert.True(narrow.Ci.HalfWidth < wide.Ci.HalfWidth);
        Assert.Equal(1.6448536269514722 * narrow.StandardError, narrow.Ci.HalfWidth, 12);
    }

    [Fact]
    public void Unpaired_Test_Combines_The_Two_Independent_Variances()
    {
        var asah = ReferenceData.LoadAsah();
        var (truth, scores) = Samples.Scores(51, 200, levels: 0);
        var first = DeLong.Analyze(asah.Poor, asah.S100b);
        var second = DeLong.Analyze(truth, scores);

        var test = DeLong.UnpairedTest(asah.Poor, asah.S100b, truth, scores);
        var reversed = DeLong.UnpairedTest(truth, scores, asah.Poor, asah.S100b);

        var se = Math.Sqrt(first.Variance + second.Variance);
        Assert.Equal((first.Auc - second.Auc) / se, test.Z, 12);
        Assert.Equal(2 * (1 - MathNet.Numerics.Distributions.Normal.CDF(0, 1, Math.Abs(test.Z))), test.P, 12);
        Assert.Equal(0, test.Covariance);
        Assert.False(test.Paired);
        Assert.Equal(-test.Z, reversed.Z, 12);
    }

    [Fact]
    public void Contrast_Variance_Of_First_Minus_Second_Equals_The_Paired_Test_Variance()
    {
        var asah = ReferenceData.LoadAsah();
        var covariance = DeLong.Covariance(asah.Poor, [asah.Wfns, asah.S100b, asah.Ndka]);
        var test = DeLong.PairedTest(asah.Poor, asah.Wfns, asah.S100b);

        var variance = covariance.ContrastVariance([1, -1, 0]);

        Assert.Equal(test.Difference / Math.Sqrt(variance), test.Z, 12);
    }
}
