namespace NmSparse.Translation.Benchmarks;

/// <summary>
/// Timings of the timed steps of a <see cref="StepBenchmark"/>: per-step wall time, the loss of every step (warm-up
/// included, for determinism checks) and, when profiled, the median milliseconds of each part of a step.
/// </summary>
public sealed record StepBenchmarkResult(
    string Recipe,
    string Pattern,
    string Precision,
    IReadOnlyList<double> StepMilliseconds,
    IReadOnlyList<double> Losses,
    long TargetTokensPerStep,
    IReadOnlyList<(string Part, double Milliseconds)> Parts)
{
    public double MedianMilliseconds => Median(StepMilliseconds);
    public double MinMilliseconds => StepMilliseconds.Min();
    public double MaxMilliseconds => StepMilliseconds.Max();

    /// <summary>Target (predicted) tokens per second at the median step time.</summary>
    public double TargetTokensPerSecond => TargetTokensPerStep / (MedianMilliseconds / 1000.0);

    /// <summary>The middle value (the mean of the middle two for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
