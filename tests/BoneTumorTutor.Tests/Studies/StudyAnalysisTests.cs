using BoneTumorTutor.Accounts;
using BoneTumorTutor.Cases;
using BoneTumorTutor.Statistics;
using BoneTumorTutor.Studies;

namespace BoneTumorTutor.Tests.Studies;

public sealed class StudyAnalysisTests
{
    private static readonly Diagnosis Os = Diagnosis.Osteosarcoma;
    private static readonly Diagnosis Gct = Diagnosis.GiantCellTumor;

    // Six cases (3 OS, 3 GCT); the model is right on all but C6 (a GCT it calls OS).
    private static readonly AnalysisCase[] Cases =
    [
        new("C1", 1, Os, 0.9, Os), new("C2", 2, Os, 0.8, Os), new("C3", 3, Os, 0.7, Os),
        new("C4", 4, Gct, 0.1, Gct), new("C5", 5, Gct, 0.2, Gct), new("C6", 6, Gct, 0.6, Os),
    ];

    private static StudyData Study(params (string Reader, int Years, int[] Unaided, int[] Aided)[] readers) => new(
        "t",
        StudyDesign.Sequential,
        [.. readers.Select(r => new AnalysisReader(r.Reader, r.Reader, new ExperienceOptions().BandFor(r.Years), r.Years))],
        Cases,
        [.. readers.SelectMany(r => r.Unaided.Select((u, i) => new AnalysisRead(
            r.Reader, Cases[i].Label, u, u >= 50 ? Os : Gct, i < r.Aided.Length ? r.Aided[i] : null, i < r.Aided.Length ? (r.Aided[i] >= 50 ? Os : Gct) : null)))]);

    [Fact]
    public void Readers_Who_Did_Not_Finish_Are_Left_Out_With_The_Reason_And_The_Rest_Match_Mrmc()
    {
        var data = Study(
            ("A", 2, [80, 40, 60, 30, 60, 20], [85, 70, 70, 20, 40, 70]),
            ("B", 12, [90, 70, 45, 10, 30, 55], [90, 80, 60, 10, 20, 60]),
            ("C", 7, [70, 30, 20], [75]));

        var results = StudyAnalysis.Analyze(data, new ExperienceOptions());

        Assert.Equal(["A", "B"], results.Readers.Select(r => r.Reader.Label));
        var left = Assert.Single(results.LeftOut);
        Assert.Equal("C", left.Reader.Label);
        Assert.Equal("did not finish: 3 of 6 cases read unaided and 1 aided", left.Reason);

        var direct = Mrmc.Analyze(StudyAnalysis.Ratings(data, [.. data.Readers.Take(2)]));
        Assert.Equal(direct.Difference.Estimate, results.Overall!.Result!.Difference.Estimate, 12);
        Assert.Equal(direct.RandomReadersRandomCases.P, results.Overall.Result.RandomReadersRandomCases.P, 12);
        Assert.Equal("aided", direct.Difference.First);
        Assert.Equal(Roc.Auc([true, true, true, false, false, false], [80, 40, 60, 30, 60, 20]), results.Readers[0].Unaided.Auc, 12);
    }

    [Fact]
    public void Automation_Bias_Counts_Switches_To_The_Models_Call_By_Whether_It_Was_Right()
    {
        // Reader A disagrees with the model on C2 (model right; A switches) and on C5 (model right... A agrees) and
        // on C6 (model wrong; A switches to OS). Reader B disagrees on C3 (model right; stays) and C6 (model wrong; stays).
        var data = Study(
            ("A", 2, [80, 40, 60, 30, 20, 20], [85, 70, 70, 20, 20, 70]),
            ("B", 3, [90, 70, 45, 10, 30, 45], [90, 80, 45, 10, 20, 40]));

        var results = StudyAnalysis.Analyze(data, new ExperienceOptions());

        var all = results.AutomationBias[0];
        Assert.Equal((2, 1, 2, 1), (all.ModelRightDisagreements, all.ModelRightSwitches, all.ModelWrongDisagreements, all.ModelWrongSwitches));
        Assert.Contains(results.Summary, s => s.Contains("1 of 2 (50%) cases where it was wrong", StringComparison.Ordinal));
    }

    [Fact]
    public void The_Model_Against_The_Reader_Mean_Is_One_DeLong_Contrast()
    {
        var data = Study(
            ("A", 2, [80, 40, 60, 30, 60, 20], [85, 70, 70, 20, 40, 70]),
            ("B", 12, [90, 70, 45, 10, 30, 55], [90, 80, 60, 10, 20, 60]));
        var truth = Cases.Select(c => c.IsOsteosarcoma).ToArray();
        double[] model = [.. Cases.Select(c => c.ModelProbability!.Value)];

        var results = StudyAnalysis.Analyze(data, new ExperienceOptions());

        var cov = DeLong.Covariance(truth, [model, [80, 40, 60, 30, 60, 20], [90, 70, 45, 10, 30, 55]]);
        var expected = cov.Aucs[0] - (cov.Aucs[1] + cov.Aucs[2]) / 2;
        Assert.Equal(expected, results.Model!.VersusUnaidedAverage.Difference, 12);
        Assert.Equal(Math.Sqrt(cov.ContrastVariance([1, -0.5, -0.5])), results.Model.VersusUnaidedAverage.StandardError, 12);
        // With two readers the paired test of the model against one reader is DeLong's own.
        Assert.Equal(DeLong.PairedTest(truth, model, [80, 40, 60, 30, 60, 20]).P, results.Readers[0].ModelMinusUnaided!.P, 12);
    }

    [Fact]
    public void Exports_Carry_Every_Crossed_Rating_Aided_First()
    {
        var data = Study(
            ("A", 2, [80, 40, 60, 30, 60, 20], [85, 70, 70, 20, 40, 70]),
            ("B", 12, [90, 70, 45, 10, 30, 55], [90, 80, 60, 10, 20, 60]),
            ("C", 7, [70], []));

        var csv = StudyExports.RatingsCsv(data).TrimEnd().Split('\n');
        var imrmc = StudyExports.Imrmc(data);

        Assert.Equal("modality,reader,case,truth,rating", csv[0]);
        Assert.Equal(1 + 2 * 2 * 6, csv.Length);
        Assert.Equal("aided,A,C1,1,85", csv[1]);
        Assert.DoesNotContain(csv, l => l.Contains(",C,", StringComparison.Ordinal));
        Assert.Contains("NR: 2\nN0: 3\nN1: 3\nNM: 2\n\nBEGIN DATA:\n-1,1,0,1\n", imrmc, StringComparison.Ordinal);
        Assert.Contains("\nB,6,unaided,55\n", imrmc, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_Sequential_Studies_Always_Analyse_Without_Throwing()
    {
        // The web test's design (12 cases, readers of 2, 4, 8 and 12 years) with random reading noise. About 1 in 300
        // such studies gives two junior readers the same change in AUC up to rounding, so MS(T*R) is ~1e-33 and
        // Hillis's ddf ~1e30, which once made the t quantile throw and the results page fail (seed 36 did).
        var options = new ExperienceOptions();
        var readers = new[] { ("R1", 2, 10), ("R2", 4, 18), ("R3", 8, 25), ("R4", 12, 30) }
            .Select(r => (Reader: new AnalysisReader(r.Item1, r.Item1, options.BandFor(r.Item2), r.Item2), Skill: r.Item3)).ToList();
        var cases = Enumerable.Range(0, 12).Select(i =>
        {
            var p = i == 0 ? 0.7 : i < 6 ? 0.9 : 0.2;
            return new AnalysisCase($"C{i:00}", i + 1, i < 6 ? Os : Gct, p, p >= 0.5 ? Os : Gct);
        }).ToList();

        var checkedStudies = 0;
        foreach (var seed in Enumerable.Range(0, 600).Prepend(36))
        {
            var random = new Random(seed);
            var reads = new List<AnalysisRead>();
            foreach (var (reader, skill) in readers)
            {
                foreach (var c in cases.OrderBy(_ => random.Next()))
                {
                    var unaided = (int)Math.Clamp(50 + (c.IsOsteosarcoma ? skill : -skill) + random.Next(-35, 36), 0, 100);
                    var aided = (int)Math.Clamp(Math.Round((unaided + (c.ModelProbability!.Value * 100)) / 2 + random.Next(-5, 6)), 0, 100);
                    reads.Add(new AnalysisRead(reader.Label, c.Label, unaided, unaided >= 50 ? Os : Gct, aided, aided >= 50 ? Os : Gct));
                }
            }

            var results = StudyAnalysis.Analyze(new StudyData("fuzz", StudyDesign.Sequential, [.. readers.Select(r => r.Reader)], cases, reads), options);

            foreach (var group in results.Bands.Prepend(results.Overall!).Where(g => g.Result is not null))
            {
                var rrrc = group.Result!.RandomReadersRandomCases;
                Assert.True(double.IsNaN(rrrc.Ddf) || rrrc.Ddf >= 1, $"seed {seed}, {group.Group}: ddf {rrrc.Ddf}");
                Assert.True(double.IsNaN(rrrc.P) || (rrrc.Ci.Lower <= group.Result.Difference.Estimate && group.Result.Difference.Estimate <= rrrc.Ci.Upper), $"seed {seed}, {group.Group}");
            }

            checkedStudies++;
        }

        Assert.Equal(601, checkedStudies);
    }
}
