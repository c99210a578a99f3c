using System.Diagnostics;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// Times <see cref="NmSparseLinear"/> against libtorch's dense linear (torch.nn.functional.linear on the masked
/// dense weight, float32) for the same x, weight and bias, with the same thread count. The two sides alternate call
/// by call so a change in machine load hits both; each row reports the median of every side's calls. libtorch's
/// thread count is set for the run and restored afterwards.
/// </summary>
public static class KernelBenchmark
{
    /// <summary>Measures every size × pattern × batch of <paramref name="settings"/>, row by row.</summary>
    public static IEnumerable<KernelBenchmarkRow> Run(KernelBenchmarkSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        int threads = settings.Threads > 0 ? settings.Threads : Environment.ProcessorCount;
        int previous = get_num_threads();
        set_num_threads(threads);
        try
        {
            foreach (int size in settings.Sizes)
            foreach (NmPattern pattern in settings.Patterns)
            foreach (int batch in settings.Batches)
                yield return Measure(settings, threads, size, pattern, batch);
        }
        finally
        {
            set_num_threads(previous);
        }
    }

    private static KernelBenchmarkRow Measure(KernelBenchmarkSettings settings, int threads, int size,
        NmPattern pattern, int batch)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)settings.Seed);
        Tensor raw = randn(new long[] { size, size }, generator: generator);
        Tensor weight = raw.mul(NmMask.Compute(raw, pattern));
        Tensor bias = randn(new long[] { size }, generator: generator);
        Tensor x = randn(new long[] { batch, size }, generator: generator);
        var sparse = new NmSparseLinear(NmCompressedMatrix.FromDense(weight, pattern, settings.ValueType),
            bias.data<float>().ToArray(), settings.Path, threads);
        float[] xs = x.data<float>().ToArray();
        var ys = new float[batch * size];

        void Dense()
        {
            using Tensor y = nn.functional.linear(x, weight, bias);
        }

        void Sparse() => sparse.Forward(xs, batch, ys);

        for (int i = 0; i < settings.Warmups; i++)
        {
            Dense();
            Sparse();
        }
        var dense = new double[settings.Repetitions];
        var sparseMs = new double[settings.Repetitions];
        for (int i = 0; i < settings.Repetitions; i++)
        {
            dense[i] = Time(Dense);
            sparseMs[i] = Time(Sparse);
        }
        return new KernelBenchmarkRow(pattern, size, size, batch, Median(dense), Median(sparseMs));
    }

    private static double Time(Action call)
    {
        long start = Stopwatch.GetTimestamp();
        call();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(double[] values)
    {
        double[] sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
