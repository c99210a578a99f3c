using System.Diagnostics;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using NmSparse.Translation.Training;
using TorchSharp;
using TorchSharp.Modules;
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
        using var runner = new Runner(options, options.Recipe, device);
        for (int step = 0; step < options.WarmupSteps + options.Steps; step++)
            runner.Step(step, timed: step >= options.WarmupSteps);
        return runner.Result();
    }

    /// <summary>
    /// Times <paramref name="options"/>' recipe and the <paramref name="versus"/> recipe in one process, one step of
    /// each in turn (same model shape, seed and batch), so both see the same machine state; the ratio of their step
    /// times is then far steadier than that of two separate runs on a noisy machine.
    /// </summary>
    public static InterleavedStepResult RunInterleaved(StepBenchmarkOptions options, RecipeSettings versus,
        Device device)
    {
        options.Validate();
        if (options.Profile) throw new UserInputException("--profile times one recipe; do not combine it with --versus");
        using var first = new Runner(options, options.Recipe, device);
        using var second = new Runner(options, versus, device);
        for (int step = 0; step < options.WarmupSteps + options.Steps; step++)
        {
            first.Step(step, timed: step >= options.WarmupSteps);
            second.Step(step, timed: step >= options.WarmupSteps);
        }
        return new InterleavedStepResult(first.Result(), second.Result());
    }

    /// <summary>One model with its recipe, optimizer and batch, stepped by the trainer's machinery.</summary>
    private sealed class Runner : IDisposable
    {
        private readonly StepBenchmarkOptions _options;
        private readonly RecipeSettings _recipe;
        private readonly Seq2SeqTransformer _model;
        private readonly Sparsifier _sparsifier;
        private readonly OptimizerHelper _optimizer;
        private readonly InverseSqrtSchedule _lr;
        private readonly LabelSmoothedLoss _loss;
        private readonly BatchTensors _batch;
        private readonly List<double> _stepMs = [];
        private readonly List<double> _losses = [];
        private readonly Dictionary<string, List<double>> _parts = PartNames.ToDictionary(p => p, _ => new List<double>());
        private readonly Stopwatch _watch = new();
        private double _lapStart;

        public Runner(StepBenchmarkOptions options, RecipeSettings recipe, Device device)
        {
            _options = options;
            _recipe = recipe;
            var training = options.Training;
            manual_seed(training.Seed);
            var config = training.Model with
            {
                VocabSize = options.VocabSize,
                MaxLength = Math.Max(training.Model.MaxLength, Math.Max(options.SourceLength, options.TargetLength)),
                PadId = PadId, BosId = BosId, EosId = EosId,
            };
            _model = new Seq2SeqTransformer(config) { Precision = training.ParsePrecision() };
            _model.to(device);
            _sparsifier = Sparsifier.Apply(_model, RecipeRegistry.Create(training.WithPhases(recipe)),
                training.ToSparsifyOptions());
            _optimizer = TrainingSession.CreateOptimizer(_model, _sparsifier, training);
            _lr = training.LearningRateSchedule();
            _loss = new LabelSmoothedLoss(training.LabelSmoothing, PadId);
            _batch = RandomBatch(options, device);
        }

        public void Step(int step, bool timed)
        {
            Action<string>? lap = _options.Profile ? Lap : null;
            _watch.Restart();
            _lapStart = 0;
            _sparsifier.Step(step);
            lap?.Invoke("mask update");
            foreach (var group in _optimizer.ParamGroups) group.LearningRate = _lr.At(step);
            _losses.Add(TrainingStep.Run(_model, _sparsifier, _optimizer, _loss, _batch, _options.Training.ClipNorm,
                lap: lap));
            _sparsifier.RecordStepFlops();
            lap?.Invoke("cleanup");
            double elapsed = _watch.Elapsed.TotalMilliseconds;
            if (timed) _stepMs.Add(elapsed);
            else foreach (var list in _parts.Values) list.Clear();
        }

        public StepBenchmarkResult Result()
        {
            var medians = _options.Profile
                ? PartNames.Select(p => (p, StepBenchmarkResult.Median(_parts[p]))).ToArray()
                : [];
            return new StepBenchmarkResult(_recipe.Recipe, _recipe.Pattern.ToString(), _options.Training.Precision,
                _stepMs, _losses, (long)_options.Batch * _options.TargetLength, medians);
        }

        public void Dispose()
        {
            _batch.Dispose();
            _optimizer.Dispose();
            _sparsifier.Dispose();
            _model.Dispose();
        }

        private void Lap(string part)
        {
            double now = _watch.Elapsed.TotalMilliseconds;
            _parts[part].Add(now - _lapStart);
            _lapStart = now;
        }
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
