using System.Diagnostics;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
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
    private const int PadId = 0;
    private const int BosId = 2;
    private const int EosId = 3;
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
        var training = options.Training;
        manual_seed(training.Seed);
        var config = training.Model with
        {
            VocabSize = options.VocabSize,
            MaxLength = Math.Max(training.Model.MaxLength, Math.Max(options.SourceLength, options.TargetLength)),
            PadId = PadId, BosId = BosId, EosId = EosId,
        };
        using var model = new Seq2SeqTransformer(config) { Precision = training.ParsePrecision() };
        model.to(device);
        var recipe = RecipeRegistry.Create(training.WithPhases(options.Recipe));
        using var sparsifier = Sparsifier.Apply(model, recipe, training.ToSparsifyOptions());
        using var optimizer = TrainingSession.CreateOptimizer(model, sparsifier, training);
        var lr = training.LearningRateSchedule();
        var loss = new LabelSmoothedLoss(training.LabelSmoothing, PadId);
        using var batch = RandomBatch(options, device);

        var stepMs = new List<double>();
        var losses = new List<double>();
        var parts = PartNames.ToDictionary(p => p, _ => new List<double>());
        var watch = new Stopwatch();
        double lapStart = 0;
        void Lap(string part)
        {
            double now = watch.Elapsed.TotalMilliseconds;
            parts[part].Add(now - lapStart);
            lapStart = now;
        }
        Action<string>? lap = options.Profile ? Lap : null;
        for (int step = 0; step < options.WarmupSteps + options.Steps; step++)
        {
            watch.Restart();
            lapStart = 0;
            sparsifier.Step(step);
            lap?.Invoke("mask update");
            foreach (var group in optimizer.ParamGroups) group.LearningRate = lr.At(step);
            losses.Add(TrainingStep.Run(model, sparsifier, optimizer, loss, batch, training.ClipNorm, lap: lap));
            sparsifier.RecordStepFlops();
            lap?.Invoke("cleanup");
            double elapsed = watch.Elapsed.TotalMilliseconds;
            if (step >= options.WarmupSteps) stepMs.Add(elapsed);
            else foreach (var list in parts.Values) list.Clear();
        }
        var medians = options.Profile
            ? PartNames.Select(p => (p, StepBenchmarkResult.Median(parts[p]))).ToArray()
            : [];
        return new StepBenchmarkResult(options.Recipe.Recipe, options.Recipe.Pattern.ToString(), training.Precision,
            stepMs, losses, (long)options.Batch * options.TargetLength, medians);
    }

    // Source [B, S] and target [B, T] of word ids (never pad, BOS or EOS); the decoder reads BOS + target[..^1] and
    // predicts target, so every one of the B·T target positions counts.
    private static BatchTensors RandomBatch(StepBenchmarkOptions options, Device device)
    {
        var source = randint(FirstWordId, options.VocabSize, [options.Batch, options.SourceLength], dtype: int64);
        var target = randint(FirstWordId, options.VocabSize, [options.Batch, options.TargetLength], dtype: int64);
        var targetIn = cat([full(options.Batch, 1, BosId, dtype: int64), target[.., ..^1]], 1);
        return new BatchTensors(source.to(device), targetIn.to(device), target.to(device));
    }
}
