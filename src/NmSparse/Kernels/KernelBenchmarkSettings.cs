using NmSparse.Masks;

namespace NmSparse.Kernels;

/// <summary>
/// What <see cref="KernelBenchmark"/> measures: square d × d weights for every size, batch and pattern.
/// Threads ≤ 0 means every processor (used by both libtorch and the sparse kernel).
/// </summary>
public sealed record KernelBenchmarkSettings
{
    public IReadOnlyList<int> Sizes { get; init; } = new[] { 1024, 2048, 4096 };
    public IReadOnlyList<int> Batches { get; init; } = new[] { 1, 8, 64 };
    public IReadOnlyList<NmPattern> Patterns { get; init; } =
        new[] { new NmPattern(2, 4), new NmPattern(1, 4), new NmPattern(1, 8) };
    public int Threads { get; init; }

    /// <summary>Timed calls of each side (interleaved dense, sparse, dense, …); the median is reported.</summary>
    public int Repetitions { get; init; } = 31;

    /// <summary>Untimed calls of each side before timing.</summary>
    public int Warmups { get; init; } = 3;

    public NmValueType ValueType { get; init; } = NmValueType.Float32;

    /// <summary>null: <see cref="KernelPaths.Best"/>.</summary>
    public KernelPath? Path { get; init; }

    public long Seed { get; init; } = 4711;

    /// <summary>Throws <see cref="UserInputException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Sizes.Count == 0 || Sizes.Any(s => s < 1))
            throw new UserInputException("KernelBenchmarkSettings.Sizes must be positive sizes (at least one)");
        if (Batches.Count == 0 || Batches.Any(b => b < 1))
            throw new UserInputException("KernelBenchmarkSettings.Batches must be positive batch sizes (at least one)");
        if (Patterns.Count == 0)
            throw new UserInputException("KernelBenchmarkSettings.Patterns must name at least one N:M pattern");
        foreach (NmPattern p in Patterns)
        foreach (int s in Sizes)
            if (s % p.M != 0)
                throw new UserInputException($"KernelBenchmarkSettings.Sizes: {s} is not divisible by M of {p}");
        if (Repetitions < 1) throw new UserInputException("KernelBenchmarkSettings.Repetitions must be at least 1");
        if (Warmups < 0) throw new UserInputException("KernelBenchmarkSettings.Warmups must not be negative");
    }
}
