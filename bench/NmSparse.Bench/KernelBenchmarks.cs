using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Bench;

/// <summary>
/// <see cref="NmSparseLinear"/> (best kernel path, every processor) against libtorch's dense linear on the masked
/// weight with the same thread count, for square d × d weights. The CSV table of the issue (median of interleaved
/// calls) comes from <see cref="KernelBenchmark.Run"/>; this class gives BenchmarkDotNet's statistics for the same
/// products:
/// dotnet run -c Release --project bench/NmSparse.Bench -- --filter '*KernelBenchmarks*'
/// </summary>
[Config(typeof(InProcessConfig))]
public class KernelBenchmarks
{
    private Tensor? _x, _weight, _bias;
    private NmSparseLinear? _sparse;
    private float[] _xs = Array.Empty<float>(), _ys = Array.Empty<float>();

    [Params(1024, 4096)]
    public int Size { get; set; }

    [Params(1, 8, 64)]
    public int Batch { get; set; }

    [ParamsSource(nameof(Patterns))]
    public NmPattern Pattern { get; set; }

    public static IEnumerable<NmPattern> Patterns =>
        new[] { new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(1, 8) };

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(Environment.ProcessorCount);
        manual_seed(4711);
        using var raw = randn(Size, Size);
        using var mask = NmMask.Compute(raw, Pattern);
        _weight = raw.mul(mask);
        _bias = randn(Size);
        _x = randn(Batch, Size);
        _sparse = new NmSparseLinear(NmCompressedMatrix.FromDense(_weight, Pattern), _bias.data<float>().ToArray());
        _xs = _x.data<float>().ToArray();
        _ys = new float[Batch * Size];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _x?.Dispose();
        _weight?.Dispose();
        _bias?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void DenseLinear()
    {
        using Tensor y = nn.functional.linear(_x!, _weight!, _bias);
    }

    [Benchmark]
    public void SparseKernel() => _sparse!.Forward(_xs, Batch, _ys);

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
