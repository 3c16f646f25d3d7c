using BoneTumorTutor.Accounts;
using BoneTumorTutor.Progress;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Tests.Progress;

public sealed class LearnerProgressTests
{
    private static readonly DateTime Start = new(2026, 1, 1, 8, 0, 0, DateTimeKind.Utc);

    private static ProgressAnswer Answer(int i, bool truthOs, int confidence, int? caseId = null, bool? aidedOs = null, bool? modelOs = null, ExperienceBand band = ExperienceBand.Junior) =>
        new(Guid.NewGuid(), caseId ?? i, $"Case {caseId ?? i}", Start.AddHours(i), truthOs, confidence >= 50, confidence, band, aidedOs, modelOs);

    // 12 OS and 12 GCT answers with confidences spread so that some are wrong and some tie.
    private static List<ProgressAnswer> Mixed()
    {
        int[] os = [90, 85, 70, 60, 55, 40, 95, 80, 65, 30, 75, 50];
        int[] gct = [10, 20, 45, 60, 5, 35, 85, 25, 50, 15, 40, 30];
        var list = new List<ProgressAnswer>();
        for (var i = 0; i < 12; i++)
        {
            list.Add(Answer(2 * i, true, os[i]));
            list.Add(Answer(2 * i + 1, false, gct[i]));
        }

        return list;
    }

    [Fact]
    public void Counts_Roc_And_Calibration_Are_The_Engines_Numbers_On_The_Same_Answers()
    {
        var answers = Mixed();
        var report = LearnerProgress.Compute(answers, new ProgressOptions());

        var truth = answers.Select(a => a.TruthIsOs).ToList();
        var scores = answers.Select(a => (double)a.Confidence).ToList();
        Assert.Equal(24, report.Answered);
        Assert.Equal(answers.Count(a => a.IsCorrect), report.Counts.Accuracy!.Successes);
        Assert.Equal(answers.Count(a => a.TruthIsOs && a.AnsweredOs), report.Counts.TruePositives);
        Assert.Equal(answers.Count(a => !a.TruthIsOs && !a.AnsweredOs), report.Counts.TrueNegatives);
        Assert.Equal(Roc.Auc(truth, scores), report.Roc!.Auc, 12);
        var delong = DeLong.Analyze(truth, scores);
        Assert.Equal(delong.Ci.Lower, report.Roc.Interval!.Ci.Lower, 12);
        Assert.Equal(delong.Ci.Upper, report.Roc.Interval.Ci.Upper, 12);
        Assert.Null(report.Roc.NoIntervalReason);
        Assert.Equal(Calibration.BrierScore(truth, [.. scores.Select(s => s / 100)]), report.Calibration!.BrierScore, 12);
        Assert.Equal(24, report.Calibration.Bins.Sum(b => b.Count));
    }

    [Fact]
    public void The_Auc_Interval_Waits_For_Enough_Cases_Of_Each_Class_And_Says_So()
    {
        var answers = Mixed().Take(8).ToList();
        var report = LearnerProgress.Compute(answers, new ProgressOptions { MinimumPerClassForAucInterval = 10 });

        Assert.NotNull(report.Roc);
        Assert.Null(report.Roc!.Interval);
        Assert.Contains("10 cases of each diagnosis", report.Roc.NoIntervalReason, StringComparison.Ordinal);
        Assert.Contains("4 OS and 4 GCT", report.Roc.NoIntervalReason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_Roc_With_One_Class_Only_And_Nothing_At_All_With_No_Answers()
    {
        var oneClass = LearnerProgress.Compute([Answer(1, true, 80), Answer(2, true, 30)], new ProgressOptions());
        Assert.Null(oneClass.Roc);
        Assert.Contains("2 OS and 0 GCT", oneClass.NoRocReason, StringComparison.Ordinal);

        var none = LearnerProgress.Compute([], new ProgressOptions());
        Assert.Equal(0, none.Answered);
        Assert.Null(none.Counts.Accuracy);
        Assert.Empty(none.LearningCurve);
        Assert.Null(none.Calibration);
    }

    [Fact]
    public void The_Learning_Curve_Is_The_Rolling_Accuracy_Of_The_Last_Window_Answers()
    {
        // Correct pattern: 1 1 0 0 1 0 1 1 (window 3).
        bool[] correct = [true, true, false, false, true, false, true, true];
        var answers = correct.Select((c, i) => Answer(i, true, c ? 80 : 20)).ToList();

        var curve = LearnerProgress.LearningCurve(answers, 3);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], curve.Select(p => p.Number));
        Assert.Equal([1, 2, 3, 3, 3, 3, 3, 3], curve.Select(p => p.WindowSize));
        Assert.Equal([1, 2, 2, 1, 1, 1, 2, 2], curve.Select(p => p.Accuracy.Successes));
        Assert.Equal(Wilson.Interval(2, 3), curve[^1].Accuracy.Ci95);
    }

    [Fact]
    public void A_Long_History_Is_Thinned_To_At_Most_The_Maximum_Points_Keeping_The_Last()
    {
        var answers = Enumerable.Range(0, 1001).Select(i => Answer(i, i % 2 == 0, i % 3 == 0 ? 20 : 80)).ToList();

        var curve = LearnerProgress.LearningCurve(answers, 20);

        Assert.True(curve.Count <= LearnerProgress.MaxCurvePoints, $"{curve.Count} points");
        Assert.Equal(1001, curve[^1].Number);
        var last20 = answers.Skip(981).Count(a => a.IsCorrect);
        Assert.Equal(last20, curve[^1].Accuracy.Successes);
    }

    [Fact]
    public void Confident_Mistakes_Are_Wrong_Answers_Far_From_Fifty_Most_Confident_First()
    {
        List<ProgressAnswer> answers = [Answer(1, false, 85), Answer(2, true, 5), Answer(3, true, 40), Answer(4, false, 95), Answer(5, true, 90)];

        var report = LearnerProgress.Compute(answers, new ProgressOptions { ConfidentMistakeMargin = 30 });

        // Ties in confidence (95 and 5 are both 45 points from 50) go newest first; 40 is too close to 50 to count.
        Assert.Equal([95, 5, 85], report.ConfidentMistakes.Select(a => a.Confidence));
    }

    [Fact]
    public void Aided_Answers_Give_Unaided_Against_Aided_Accuracy_And_Switches_By_Model_Correctness()
    {
        List<ProgressAnswer> answers =
        [
            Answer(1, true, 30, aidedOs: true, modelOs: true),   // wrong → switched to right, model right
            Answer(2, false, 20, aidedOs: false, modelOs: true), // right, stayed, model wrong
            Answer(3, false, 30, aidedOs: true, modelOs: true),  // right → switched to wrong, model wrong
            Answer(4, true, 80, aidedOs: true, modelOs: true),   // right, stayed, model right
            Answer(5, true, 80),                                  // no aided answer
        ];

        var aided = LearnerProgress.Compute(answers, new ProgressOptions()).Aided;

        Assert.Equal(4, aided.Cases);
        Assert.Equal(3, aided.UnaidedAccuracy!.Successes);
        Assert.Equal(3, aided.AidedAccuracy!.Successes);
        Assert.Equal(2, aided.ModelRight);
        Assert.Equal(1, aided.SwitchedWhenModelRight);
        Assert.Equal(2, aided.ModelWrong);
        Assert.Equal(1, aided.SwitchedWhenModelWrong);
    }

    [Fact]
    public void The_Model_Comparison_Uses_The_First_Answer_Per_Case_And_The_Paired_DeLong_Test()
    {
        var answers = Mixed();
        // A later, better answer on case 0 must not replace the first one.
        answers.Add(Answer(100, true, 99, caseId: 0));
        var readings = Enumerable.Range(0, 24).ToDictionary(i => i, i => new ModelReading(i % 2 == 0 ? 0.6 + i / 100.0 : 0.4 - i / 100.0, i % 2 == 0));

        var comparison = LearnerProgress.CompareWithModel(answers, "m", readings);

        var first = Mixed().OrderBy(a => a.CaseId).ToList();
        var truth = first.Select(a => a.TruthIsOs).ToList();
        var expected = DeLong.PairedTest(truth, [.. first.Select(a => (double)a.Confidence)], [.. first.Select(a => readings[a.CaseId].ProbabilityOs)]);
        Assert.Equal(24, comparison.Cases);
        Assert.Equal(expected.First.Auc, comparison.LearnerAuc!.Value, 12);
        Assert.Equal(1.0, comparison.ModelAuc!.Value, 12);
        Assert.Equal(expected.P, comparison.Test!.P, 12);
        Assert.Equal(24, comparison.ModelAccuracy!.Successes);
    }

    [Fact]
    public void The_Model_Comparison_Says_Why_When_No_Case_Has_A_Reading()
    {
        var comparison = LearnerProgress.CompareWithModel(Mixed(), "m", new Dictionary<int, ModelReading>());

        Assert.Equal(0, comparison.Cases);
        Assert.Null(comparison.Test);
        Assert.NotNull(comparison.NoTestReason);
    }

    [Fact]
    public void Peer_Standing_Gives_The_Median_And_The_Share_Of_Peers_Below_With_Ties_Half()
    {
        var standing = LearnerProgress.Standing(ExperienceBand.Junior, new Proportion(7, 10), [(10, 5), (10, 7), (10, 9), (20, 12)]);

        Assert.Equal(4, standing.Peers);
        Assert.Equal((0.6 + 0.7) / 2, standing.PeerMedian!.Value, 12);
        Assert.Equal(100 * 2.5 / 4, standing.PercentBelowLearner!.Value, 12);
    }

    [Theory]
    [InlineData(30, 15, true)]   // 50%, upper Wilson ≈ 67.6% < 72.4%
    [InlineData(29, 10, false)]  // too few answers to judge
    [InlineData(30, 20, false)]  // 66.7%, upper ≈ 80.8% is not below 72.4%
    public void Behind_Means_Clearly_Below_The_Band_Expectation(int answered, int correct, bool behind)
    {
        var options = new ProgressOptions { BehindMinimumAnswers = 30 };

        Assert.Equal(behind, options.IsBehind(ExperienceBand.Junior, answered, correct));
    }
}
