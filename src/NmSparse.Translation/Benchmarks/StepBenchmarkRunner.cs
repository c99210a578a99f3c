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
/// One model of a <see cref="StepBenchmark"/> with its recipe, optimizer and batch, stepped by the trainer's machinery
/// (the Sparsifier's Step, the learning rate, <see cref="TrainingStep.Run"/>, the FLOP count), with its timings.
/// </summary>
internal sealed class StepBenchmarkRunner : IDisposable
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
    private readonly Dictionary<string, List<double>> _parts =
        StepBenchmark.PartNames.ToDictionary(p => p, _ => new List<double>());
    private readonly Stopwatch _watch = new();
    private double _lapStart;

    public StepBenchmarkRunner(StepBenchmarkOptions options, RecipeSettings recipe, Device device)
    {
        _options = options;
        _recipe = recipe;
        var training = options.Training;
        manual_seed(training.Seed);
        var config = training.Model with
        {
            VocabSize = options.VocabSize,
            MaxLength = Math.Max(training.Model.MaxLength, Math.Max(options.SourceLength, options.TargetLength)),
            PadId = StepBenchmark.PadId, BosId = StepBenchmark.BosId, EosId = StepBenchmark.EosId,
        };
        _model = new Seq2SeqTransformer(config) { Precision = training.ParsePrecision() };
        _model.to(device);
        _sparsifier = Sparsifier.Apply(_model, RecipeRegistry.Create(training.WithPhases(recipe)),
            training.ToSparsifyOptions());
        _optimizer = TrainingSession.CreateOptimizer(_model, _sparsifier, training);
        _lr = training.LearningRateSchedule();
        _loss = new LabelSmoothedLoss(training.LabelSmoothing, StepBenchmark.PadId);
        _batch = StepBenchmark.RandomBatch(options, device);
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
            ? StepBenchmark.PartNames.Select(p => (p, StepBenchmarkResult.Median(_parts[p]))).ToArray()
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
