namespace NmSparse.Translation.Benchmarks;

/// <summary>
/// Two recipes timed step by step in turn (<see cref="StepBenchmark.RunInterleaved"/>): each one's timings, and
/// the median over rounds of the ratio of their step times (round k: <see cref="Recipe"/>'s k-th timed step over
/// <see cref="Versus"/>'s).
/// </summary>
public sealed record InterleavedStepResult(StepBenchmarkResult Recipe, StepBenchmarkResult Versus)
{
    public double MedianRatio => StepBenchmarkResult.Median(
        Recipe.StepMilliseconds.Zip(Versus.StepMilliseconds, (a, b) => a / b).ToArray());
}
