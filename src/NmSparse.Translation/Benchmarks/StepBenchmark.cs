using NmSparse.Recipes;
using NmSparse.Translation.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Benchmarks;

/// <summary>
/// Times training steps of the translation model on seeded random tokens, with the trainer's own machinery: the
/// Sparsifier's Step (masks, N:M, β of step k), the learning rate of step k, <see cref="TrainingStep.Run"/>
/// (forward, loss, zero_grad, backward, clipping, Adam) and the FLOP bookkeeping. Steps 0 … warm-up − 1 are not
/// timed. The batch is the same every step; no padding.
/// </summary>
public static class StepBenchmark
{
    internal const int PadId = 0;
    internal const int BosId = 2;
    internal const int EosId = 3;
    private const int FirstWordId = 4;

    /// <summary>
    /// The parts a profiled step is split into, in order; "cleanup" is freeing the step's tensors (its dispose
    /// scope closes after the optimizer) plus the FLOP count.
    /// </summary>
    public static IReadOnlyList<string> PartNames { get; } =
        ["mask update", "forward", "loss", "backward", "clip", "optimizer", "cleanup"];

    public static StepBenchmarkResult Run(StepBenchmarkOptions options, Device device)
    {
        options.Validate();
        using var runner = new StepBenchmarkRunner(options, options.Recipe, device);
        for (int step = 0; step < options.WarmupSteps + options.Steps; step++)
            runner.Step(step, timed: step >= options.WarmupSteps);
        return runner.Result();
    }

    /// <summary>
    /// Times <paramref name="options"/>' recipe and the <paramref name="versus"/> recipe in one process, one step of
    /// each in turn (same model shape, seed and batch; which one goes first alternates), so both see the same
    /// machine state; the ratio of their step
    /// times is then far steadier than that of two separate runs on a noisy machine.
    /// </summary>
    public static InterleavedStepResult RunInterleaved(StepBenchmarkOptions options, RecipeSettings versus,
        Device device)
    {
        options.Validate();
        if (options.Profile) throw new UserInputException("--profile times one recipe; do not combine it with --versus");
        using var first = new StepBenchmarkRunner(options, options.Recipe, device);
        using var second = new StepBenchmarkRunner(options, versus, device);
        for (int step = 0; step < options.WarmupSteps + options.Steps; step++)
        {
            // Each goes first every other round, so neither always inherits the other's caches.
            var (early, late) = step % 2 == 0 ? (first, second) : (second, first);
            early.Step(step, timed: step >= options.WarmupSteps);
            late.Step(step, timed: step >= options.WarmupSteps);
        }
        return new InterleavedStepResult(first.Result(), second.Result());
    }

    // Source [B, S] and target [B, T] of word ids (never pad, BOS or EOS); the decoder reads BOS + target[..^1] and
    // predicts target, so every one of the B·T target positions counts.
    internal static BatchTensors RandomBatch(StepBenchmarkOptions options, Device device)
    {
        var source = randint(FirstWordId, options.VocabSize, [options.Batch, options.SourceLength], dtype: int64);
        var target = randint(FirstWordId, options.VocabSize, [options.Batch, options.TargetLength], dtype: int64);
        var targetIn = cat([full(options.Batch, 1, BosId, dtype: int64), target[.., ..^1]], 1);
        return new BatchTensors(source.to(device), targetIn.to(device), target.to(device));
    }
}
