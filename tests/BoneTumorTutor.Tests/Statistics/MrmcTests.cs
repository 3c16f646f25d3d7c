using System.Diagnostics;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Statistics;

public class MrmcTests
{
    private static readonly Lazy<MrmcResult> VanDyke = new(() => Mrmc.Analyze(ReferenceData.LoadVanDyke()));

    [Fact]
    public void Reader_Aucs_Match_RJafroc_On_Van_Dyke()
    {
        var result = VanDyke.Value;

        Assert.Equal(["0", "1"], result.Modalities.Select(m => m.Id));
        Assert.Equal(["0", "1", "2", "3", "4"], result.Readers);
        string[][] expected =
        [
            ["0.91964573", "0.85877617", "0.90386473", "0.97310789", "0.82979066"],
            ["0.94782609", "0.90531401", "0.92173913", "0.99935588", "0.92995169"],
        ];
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(result.Readers, result.Modalities[i].ReaderAucs.Select(r => r.Reader));
            for (var j = 0; j < 5; j++)
            {
                Printed.Equal(expected[i][j], result.Modalities[i].ReaderAucs[j].Auc);
            }
        }

        Printed.Equal("0.89703704", result.Modalities[0].Auc);
        Printed.Equal("0.94083736", result.Modalities[1].Auc);
        Printed.Equal("-0.043800322", result.Difference.Estimate);
        Assert.Equal(("0", "1"), (result.Difference.First, result.Difference.Second));
        Assert.Equal((114, 45, 69), (result.Cases, result.PositiveCases, result.NegativeCases));
    }

    [Fact]
    public void Mean_Squares_And_Variance_Components_Match_RJafroc_On_Van_Dyke()
    {
        var result = VanDyke.Value;

        Printed.Equal("0.00479617053", result.MeanSquares.T);
        Printed.Equal("0.00383619999", result.MeanSquares.R);
        Printed.Equal("0.00055103062", result.MeanSquares.TR);
        Printed.Equal("0.00153499935", result.VarianceComponents.VarR);
        Printed.Equal("0.00020040252", result.VarianceComponents.VarTR);
        Printed.Equal("0.00034661371", result.VarianceComponents.Cov1);
        Printed.Equal("0.00034407483", result.VarianceComponents.Cov2);
        Printed.Equal("0.00023902837", result.VarianceComponents.Cov3);
        Printed.Equal("0.00080228827", result.VarianceComponents.VarError);
    }

    [Fact]
    public void Random_Readers_Random_Cases_Matches_RJafroc_On_Van_Dyke()
    {
        var result = VanDyke.Value;
        var rrrc = result.RandomReadersRandomCases;

        Printed.Equal("4.4563187", rrrc.F);
        Assert.Equal(1, rrrc.Ndf);
        Printed.Equal("15.259675", rrrc.Ddf);
        Printed.Equal("0.051665686", rrrc.P);
        Printed.Equal("0.020748618", rrrc.StandardError);
        Printed.Equal("-0.087959499", rrrc.Ci.Lower);
        Printed.Equal("0.00035885444", rrrc.Ci.Upper);
        Printed.Equal("0.033173597", result.Modalities[0].RandomReadersRandomCases.StandardError);
        Printed.Equal("12.744648", result.Modalities[0].RandomReadersRandomCases.DegreesOfFreedom);
        Printed.Equal("0.021566368", result.Modalities[1].RandomReadersRandomCases.StandardError);
        Printed.Equal("12.710190", result.Modalities[1].RandomReadersRandomCases.DegreesOfFreedom);
    }

    [Fact]
    public void Fixed_Readers_Random_Cases_Matches_RJafroc_On_Van_Dyke()
    {
        var frrc = VanDyke.Value.FixedReadersRandomCases;

        Printed.Equal("5.4759532", frrc.ChiSquare);
        Assert.Equal(1, frrc.Df);
        Printed.Equal("0.019279843", frrc.P);
        Printed.Equal("-0.080485914", frrc.Ci.Lower);
        Printed.Equal("-0.0071147303", frrc.Ci.Upper);
    }

    [Fact]
    public void Random_Readers_Fixed_Cases_Matches_RJafroc_On_Van_Dyke()
    {
        var rrfc = VanDyke.Value.RandomReadersFixedCases;

        Printed.Equal("8.704", rrfc.F);
        Assert.Equal((1.0, 4.0), (rrfc.Ndf, rrfc.Ddf));
        Printed.Equal("0.041958752", rrfc.P);
        Printed.Equal("-0.085020224", rrfc.Ci.Lower);
        Printed.Equal("-0.0025804202", rrfc.Ci.Upper);
    }

    [Fact]
    public void Per_Modality_Intervals_Use_Student_t_With_Hillis_Df()
    {
        foreach (var modality in VanDyke.Value.Modalities)
        {
            var e = modality.RandomReadersRandomCases;
            var t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, e.DegreesOfFreedom, 0.975);

            Assert.Equal(modality.Auc - t * e.StandardError, e.Ci.Lower, 10);
            Assert.Equal(modality.Auc + t * e.StandardError, e.Ci.Upper, 10);
        }
    }

    // DBM on jackknife pseudovalues Y = K AUC - (K - 1) AUC(-k), recomputed here from scratch, reproduces
    // RJafroc's DBM mean squares, and (Hillis 2005, 2008) gives the same F and ddf as the OR analysis.
    [Fact]
    public void Dbm_Pseudovalue_Analysis_Matches_RJafroc_And_Gives_The_Same_F()
    {
        var (modalities, readers, cases, auc, jackknife) = MrmcSamples.NaiveJackknife(ReferenceData.LoadVanDyke());
        int t = modalities.Length, r = readers.Length, k = cases.Length;
        var y = new double[t, r, k];
        for (var i = 0; i < t; i++)
        {
            for (var j = 0; j < r; j++)
            {
                for (var c = 0; c < k; c++)
                {
                    y[i, j, c] = k * auc[i, j] - (k - 1) * jackknife[i, j][c];
                }
            }
        }

        double Mean(int? i, int? j, int? c)
        {
            double sum = 0;
            var count = 0;
            for (var a = 0; a < t; a++)
            {
                for (var b = 0; b < r; b++)
                {
                    for (var d = 0; d < k; d++)
                    {
                        if ((i is null || i == a) && (j is null || j == b) && (c is null || c == d))
                        {
                            sum += y[a, b, d];
                            count++;
                        }
                    }
                }
            }

            return sum / count;
        }

        var grand = Mean(null, null, null);
        double msT = 0, msTR = 0, msTC = 0, msTRC = 0;
        for (var i = 0; i < t; i++)
        {
            msT += Math.Pow(Mean(i, null, null) - grand, 2) * r * k / (t - 1);
            for (var j = 0; j < r; j++)
            {
                msTR += Math.Pow(Mean(i, j, null) - Mean(i, null, null) - Mean(null, j, null) + grand, 2) * k / ((t - 1) * (r - 1));
            }

            for (var c = 0; c < k; c++)
            {
                msTC += Math.Pow(Mean(i, null, c) - Mean(i, null, null) - Mean(null, null, c) + grand, 2) * r / ((t - 1) * (k - 1));
                for (var j = 0; j < r; j++)
                {
                    var residual = y[i, j, c] - Mean(i, j, null) - Mean(i, null, c) - Mean(null, j, c)
                        + Mean(i, null, null) + Mean(null, j, null) + Mean(null, null, c) - grand;
                    msTRC += residual * residual / ((t - 1) * (r - 1) * (k - 1));
                }
            }
        }

        Printed.Equal("0.5467634", msT);
        Printed.Equal("0.06281749", msTR);
        Printed.Equal("0.09984808", msTC);
        Printed.Equal("0.0399716", msTRC);

        var denominator = msTR + Math.Max(msTC - msTRC, 0);
        var rrrc = VanDyke.Value.RandomReadersRandomCases;
        Assert.Equal(msT / denominator, rrrc.F, 9);
        Assert.Equal(denominator * denominator / (msTR * msTR / ((t - 1) * (r - 1))), rrrc.Ddf, 9);
    }

    [Theory]
    [InlineData(71, 5)]
    [InlineData(72, 0)]
    public void Jackknife_Covariances_Equal_Recomputing_Each_Auc_Without_Each_Case(int seed, int levels)
    {
        var ratings = MrmcSamples.Study(seed, readers: 4, cases: 40, levels);
        var (_, _, cases, _, jackknife) = MrmcSamples.NaiveJackknife(ratings);
        var k = cases.Length;
        double Cov(double[] a, double[] b)
        {
            double ma = a.Average(), mb = b.Average();
            return (k - 1.0) / k * a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        }

        var analysis = Mrmc.Analyze(ratings);
        var result = analysis.VarianceComponents;

        Assert.Equal(AverageOf((i, j, i2, j2) => i == i2 && j == j2), result.VarError, 14);
        Assert.Equal(AverageOf((i, j, i2, j2) => i != i2 && j == j2), result.Cov1, 14);
        Assert.Equal(AverageOf((i, j, i2, j2) => i == i2 && j != j2), result.Cov2, 14);
        Assert.Equal(AverageOf((i, j, i2, j2) => i != i2 && j != j2), result.Cov3, 14);
        Assert.Equal(AverageOf((i, j, i2, j2) => i == 0 && i2 == 0 && j != j2), analysis.Modalities[0].RandomReadersRandomCases.Cov2, 14);
        Assert.Equal(AverageOf((i, j, i2, j2) => i == 1 && i2 == 1 && j != j2), analysis.Modalities[1].RandomReadersRandomCases.Cov2, 14);

        double AverageOf(Func<int, int, int, int, bool> kind)
        {
            var values = new List<double>();
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 4; j++)
                {
                    for (var i2 = 0; i2 < 2; i2++)
                    {
                        for (var j2 = 0; j2 < 4; j2++)
                        {
                            if (kind(i, j, i2, j2))
                            {
                                values.Add(Cov(jackknife[i, j], jackknife[i2, j2]));
                            }
                        }
                    }
                }
            }

            return values.Average();
        }
    }

    [Fact]
    public void Swapping_The_Modality_Order_Flips_The_Difference_And_Keeps_The_Tests()
    {
        var ratings = ReferenceData.LoadVanDyke();
        var reordered = ratings.Where(r => r.Modality == "1").Concat(ratings.Where(r => r.Modality == "0")).ToList();

        var result = VanDyke.Value;
        var swapped = Mrmc.Analyze(reordered);

        Assert.Equal(("1", "0"), (swapped.Difference.First, swapped.Difference.Second));
        Assert.Equal(-result.Difference.Estimate, swapped.Difference.Estimate, 14);
        Assert.Equal(result.RandomReadersRandomCases.F, swapped.RandomReadersRandomCases.F, 10);
        Assert.Equal(result.RandomReadersRandomCases.P, swapped.RandomReadersRandomCases.P, 12);
        Assert.Equal(-result.RandomReadersRandomCases.Ci.Upper, swapped.RandomReadersRandomCases.Ci.Lower, 12);
        Assert.Equal(result.FixedReadersRandomCases.ChiSquare, swapped.FixedReadersRandomCases.ChiSquare, 10);
        Assert.Equal(result.RandomReadersFixedCases.F, swapped.RandomReadersFixedCases.F, 10);
        Assert.Equal(result.VarianceComponents, swapped.VarianceComponents, new ComponentsComparer());
    }

    [Theory]
    [InlineData(81, 5)]
    [InlineData(82, 0)]
    public void Analysis_Is_Invariant_To_Strictly_Increasing_Transforms_Of_Each_Readers_Ratings(int seed, int levels)
    {
        var ratings = MrmcSamples.Study(seed, readers: 6, cases: 50, levels);

        var result = Mrmc.Analyze(ratings);
        var transformed = Mrmc.Analyze(MrmcSamples.MonotoneTransform(ratings));

        AssertSameAnalysis(result, transformed);
    }

    [Fact]
    public void Van_Dyke_Analysis_Is_Invariant_To_Strictly_Increasing_Transforms()
    {
        AssertSameAnalysis(VanDyke.Value, Mrmc.Analyze(MrmcSamples.MonotoneTransform(ReferenceData.LoadVanDyke())));
    }

    [Fact]
    public void Analysis_Does_Not_Depend_On_Record_Order()
    {
        var ratings = MrmcSamples.Study(91, readers: 5, cases: 30);
        var random = new Random(91);
        var shuffled = ratings.OrderBy(_ => random.Next()).ToList();
        var firstModality = shuffled[0].Modality;

        var result = Mrmc.Analyze(ratings);
        var reshuffled = Mrmc.Analyze(shuffled);

        // Modality order follows first appearance, so compare with the same first modality.
        var expected = firstModality == result.Modalities[0].Id ? result : Mrmc.Analyze([.. ratings.OrderBy(r => r.Modality != firstModality)]);
        AssertSameAnalysis(expected, reshuffled);
    }

    [Fact]
    public void All_Tied_Ratings_Give_Half_Aucs_And_Undefined_Tests_Not_Numbers()
    {
        var ratings = MrmcSamples.Study(93, readers: 3, cases: 20).Select(r => r with { Rating = 3 }).ToList();

        var result = Mrmc.Analyze(ratings);

        Assert.All(result.Modalities.SelectMany(m => m.ReaderAucs), r => Assert.Equal(0.5, r.Auc));
        Assert.Equal(0, result.Difference.Estimate);
        Assert.True(double.IsNaN(result.RandomReadersRandomCases.F));
        Assert.True(double.IsNaN(result.RandomReadersRandomCases.P));
        Assert.True(double.IsNaN(result.FixedReadersRandomCases.P));
    }

    // Hillis et al. (2008): a negative Cov2 - Cov3 enters the RRRC and FRRC denominators as 0, so the RRRC
    // test becomes the fixed-cases test and the FRRC variance is Var - Cov1.
    [Fact]
    public void Cov2_Below_Cov3_Is_Constrained_To_Zero()
    {
        var result = FirstStudyWhere(r => r.VarianceComponents.Cov2 < r.VarianceComponents.Cov3, sharedCaseEffect: 0.8, modalityCaseEffect: 0);
        var v = result.VarianceComponents;

        Assert.Equal(result.RandomReadersFixedCases.F, result.RandomReadersRandomCases.F, 12);
        Assert.Equal(result.RandomReadersFixedCases.Ddf, result.RandomReadersRandomCases.Ddf, 9);
        Assert.Equal(result.MeanSquares.T / (v.VarError - v.Cov1), result.FixedReadersRandomCases.ChiSquare, 9);
    }

    // Hillis (2007) single-modality analysis: a negative Cov2 of one modality enters as 0, leaving
    // SE = sqrt(MS(R) / r) on r - 1 degrees of freedom.
    [Fact]
    public void Negative_Single_Modality_Cov2_Is_Constrained_To_Zero()
    {
        var result = FirstStudyWhere(r => r.Modalities[0].RandomReadersRandomCases.Cov2 < 0, sharedCaseEffect: 0, modalityCaseEffect: 0);
        var estimate = result.Modalities[0].RandomReadersRandomCases;
        var aucs = result.Modalities[0].ReaderAucs.Select(a => a.Auc).ToArray();
        var msR = aucs.Sum(a => (a - aucs.Average()) * (a - aucs.Average())) / (aucs.Length - 1);

        Assert.Equal(msR, estimate.MeanSquareReaders, 15);
        Assert.Equal(aucs.Length - 1, estimate.DegreesOfFreedom, 9);
        Assert.Equal(Math.Sqrt(msR / aucs.Length), estimate.StandardError, 12);
    }

    [Fact]
    public void A_Reader_Who_Skipped_A_Case_Is_Named_In_The_Error()
    {
        var ratings = ReferenceData.LoadVanDyke();
        ratings.RemoveAll(r => r is { Modality: "1", Reader: "3", Case: "17" });

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Contains("reader '3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("modality '1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'17'", error.Message, StringComparison.Ordinal);
        Assert.Null(error.RecordIndex);
    }

    [Fact]
    public void A_Reader_Missing_From_One_Modality_Is_Named_In_The_Error()
    {
        var ratings = ReferenceData.LoadVanDyke();
        ratings.RemoveAll(r => r is { Modality: "0", Reader: "2" });

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Contains("reader '2' has no rating in modality '0' for 114 of 114", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Repeated_Rating_Points_At_Its_Record()
    {
        var ratings = ReferenceData.LoadVanDyke();
        ratings.Add(ratings[5] with { Rating = 4 });

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Equal(ratings.Count - 1, error.RecordIndex);
        Assert.Contains("twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Case_With_Two_Truths_Points_At_Its_Record()
    {
        var ratings = ReferenceData.LoadVanDyke();
        var index = ratings.FindLastIndex(r => r.Case == "1");
        ratings[index] = ratings[index] with { IsPositive = !ratings[index].IsPositive };

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Equal(index, error.RecordIndex);
        Assert.Contains("Case '1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Non_Finite_Rating_Points_At_Its_Record()
    {
        var ratings = ReferenceData.LoadVanDyke();
        ratings[10] = ratings[10] with { Rating = double.NaN };

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Equal(10, error.RecordIndex);
    }

    [Fact]
    public void One_Modality_Only_Is_A_Clear_Error()
    {
        var ratings = ReferenceData.LoadVanDyke().Where(r => r.Modality == "0").ToList();

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Contains("exactly two modalities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_Modalities_Are_A_Clear_Error()
    {
        var ratings = ReferenceData.LoadVanDyke();
        ratings.AddRange(ratings.Where(r => r.Modality == "0").Select(r => r with { Modality = "2" }).ToList());

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Contains("'0', '1', '2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Single_Class_Is_A_Clear_Error()
    {
        var ratings = ReferenceData.LoadVanDyke().Where(r => !r.IsPositive).ToList();

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Contains("0 positive and 69 negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Single_Reader_Is_A_Clear_Error_Pointing_To_The_Paired_DeLong_Test()
    {
        var ratings = ReferenceData.LoadVanDyke().Where(r => r.Reader == "4").ToList();

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Contains("at least two readers", error.Message, StringComparison.Ordinal);
        Assert.Contains("DeLong.PairedTest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_Ids_Are_Rejected()
    {
        var ratings = ReferenceData.LoadVanDyke();
        ratings[3] = ratings[3] with { Reader = " " };

        var error = Assert.Throws<MrmcInputException>(() => Mrmc.Analyze(ratings));

        Assert.Equal(3, error.RecordIndex);
    }

    [Fact]
    public void Thirty_Readers_By_A_Hundred_Cases_Analyse_Well_Under_Two_Seconds()
    {
        var ratings = MrmcSamples.Study(101, readers: 30, cases: 100, levels: 0);
        Mrmc.Analyze(ratings);

        var clock = Stopwatch.StartNew();
        var result = Mrmc.Analyze(ratings);
        clock.Stop();

        Assert.Equal(30, result.Readers.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(0.5), $"took {clock.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static MrmcResult FirstStudyWhere(Func<MrmcResult, bool> wanted, double sharedCaseEffect, double modalityCaseEffect)
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var result = Mrmc.Analyze(MrmcSamples.Study(seed, readers: 4, cases: 30, levels: 0, sharedCaseEffect, modalityCaseEffect));
            if (wanted(result))
            {
                return result;
            }
        }

        throw new InvalidOperationException("No seed produced the wanted study.");
    }

    private static void AssertSameAnalysis(MrmcResult expected, MrmcResult actual)
    {
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(expected.Modalities[i].Id, actual.Modalities[i].Id);
            Assert.Equal(expected.Modalities[i].Auc, actual.Modalities[i].Auc, 12);
            Assert.Equal(expected.Modalities[i].RandomReadersRandomCases.DegreesOfFreedom, actual.Modalities[i].RandomReadersRandomCases.DegreesOfFreedom, 8);
        }

        Assert.Equal(expected.VarianceComponents, actual.VarianceComponents, new ComponentsComparer());
        Assert.Equal(expected.RandomReadersRandomCases.F, actual.RandomReadersRandomCases.F, 8);
        Assert.Equal(expected.RandomReadersRandomCases.Ddf, actual.RandomReadersRandomCases.Ddf, 8);
        Assert.Equal(expected.RandomReadersRandomCases.P, actual.RandomReadersRandomCases.P, 10);
        Assert.Equal(expected.FixedReadersRandomCases.P, actual.FixedReadersRandomCases.P, 10);
        Assert.Equal(expected.RandomReadersFixedCases.P, actual.RandomReadersFixedCases.P, 10);
    }

    private sealed class ComponentsComparer : IEqualityComparer<OrVarianceComponents>
    {
        public bool Equals(OrVarianceComponents? x, OrVarianceComponents? y) =>
            x is not null && y is not null
            && new[] { x.VarR - y.VarR, x.VarTR - y.VarTR, x.Cov1 - y.Cov1, x.Cov2 - y.Cov2, x.Cov3 - y.Cov3, x.VarError - y.VarError }
                .All(d => Math.Abs(d) < 1e-14);

        public int GetHashCode(OrVarianceComponents obj) => 0;
    }
}
