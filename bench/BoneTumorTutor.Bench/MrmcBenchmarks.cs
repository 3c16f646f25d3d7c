using BenchmarkDotNet.Attributes;
using BoneTumorTutor.Statistics;

namespace BoneTumorTutor.Bench;

// The reader-study bar: 30 readers x 100 cases x 2 modalities must analyse in well under 2 s.
[MemoryDiagnoser]
public class MrmcBenchmarks
{
    private List<MrmcRating> _ratings = [];

    [GlobalSetup]
    public void Setup() => _ratings = SyntheticStudy.ReaderStudy(seed: 2024, readers: 30, cases: 100);

    [Benchmark]
    public MrmcResult Mrmc_30_Readers_100_Cases_2_Modalities() => Mrmc.Analyze(_ratings);
}
