using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Bench;

/// <summary>
/// <see cref="NmMask.Compute"/> against the sort-based <see cref="ReferenceNmMask.Compute"/> on the same 1M-weight
/// Linear matrices (512×2048 and 2048×512), grouping along the input dimension. Runs in-process (libtorch is native)
/// with a short job:
/// dotnet run -c Release --project bench/NmSparse.Bench -- --filter '*MaskBenchmarks*'
/// </summary>
[Config(typeof(InProcessShortConfig))]
[MemoryDiagnoser(false)]
public class MaskBenchmarks
{
    private Tensor? _weight;

    /// <summary>Rows of the weight; columns make it 2^20 weights in all.</summary>
    [Params(512, 2048)]
    public int Rows { get; set; }

    [ParamsSource(nameof(Patterns))]
    public NmPattern Pattern { get; set; }

    public static IEnumerable<NmPattern> Patterns =>
        new[] { new NmPattern(2, 4), new NmPattern(1, 8), new NmPattern(4, 8), new NmPattern(8, 64) };

    [GlobalSetup]
    public void Setup()
    {
        manual_seed(4711);
        _weight = randn(Rows, (1 << 20) / Rows);
    }

    [GlobalCleanup]
    public void Cleanup() => _weight?.Dispose();

    [Benchmark(Baseline = true)]
    public void SortBased()
    {
        using Tensor mask = ReferenceNmMask.Compute(_weight!, Pattern);
    }

    [Benchmark]
    public void Selection()
    {
        using Tensor mask = NmMask.Compute(_weight!, Pattern);
    }

    private sealed class InProcessShortConfig : ManualConfig
    {
        public InProcessShortConfig()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
