using BenchmarkDotNet.Attributes;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Bench;

// DeLong at n = 10,000 cases: the midrank form is O(n log n), the original O(m n) would do 24 million kernel evaluations.
[MemoryDiagnoser]
public class DeLongBenchmarks
{
    private bool[] _truth = [];
    private double[] _first = [];
    private double[] _second = [];

    [GlobalSetup]
    public void Setup() => (_truth, _first, _second) = SyntheticStudy.Scores(seed: 2024, count: 10_000);

    [Benchmark]
    public AucEstimate DeLong_Analyze_10000() => DeLong.Analyze(_truth, _first);

    [Benchmark]
    public AucComparison DeLong_PairedTest_10000() => DeLong.PairedTest(_truth, _first, _second);
}
