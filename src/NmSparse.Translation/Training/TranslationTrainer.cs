using NmSparse.Translation.Models;
using NmSparse.Recipes;
using NmSparse.Translation.Runtime;
using NmSparse.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// Trains the translation Transformer with a sparse recipe: Adam (0.9, 0.98, 1e-9), inverse-sqrt warm-up,
/// label-smoothed loss, gradient clipping, length-bucketed token batches. Checkpoints (last, and best by validation
/// BLEU among the steps with final masks, see <see cref="FinalMaskSteps"/>) are atomic and written only after
/// <see cref="DivergenceGuard"/> found the state finite; a resumed run reproduces an uninterrupted one exactly
/// because the batch, the dropout seed and the sparsity state of every step are functions of the step alone.
/// Training, validation and checkpoint time are measured apart on the given clock (default: the system clock).
/// </summary>
public sealed class TranslationTrainer
{
    private readonly TrainingRequest _request;
    private readonly ITrainingObserver _observer;
    private readonly TrainingOptions _options;
    private readonly TimeProvider _clock;

    public TranslationTrainer(TrainingRequest request, ITrainingObserver observer, TimeProvider? clock = null)
    {
        request.Options.Validate();
        _request = request;
        _observer = observer;
        _options = request.Options;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>Trains to the end (returns the result) or to the pause step (returns null).</summary>
    public RunResult? Run()
    {
        TorchRuntime.Configure(_options.Threads == 0 ? null : _options.Threads);
        var device = TorchRuntime.ResolveDevice(_options.Device);
        var data = TranslationData.Load(_request.DataDir, _options.MaxTokens, _observer.OnMessage);
        var session = TrainingSession.Create(_request, data, device, _observer);
        using var model = session.Model;
        var batcher = new TokenBatcher(data.Train.SourceLengths(), data.Train.TargetLengths(), _options.BatchTokens,
            _options.Seed);
        _observer.OnMessage($"{batcher.BatchesPerEpoch} batches of ≤{_options.BatchTokens} tokens per epoch; " +
            $"device {device.type}, {get_num_threads()} threads");
        var metrics = new MetricsLog(_request.Run, session.NextStep);
        var evaluator = new TranslationEvaluator(model, data.Tokenizer, device, _options.BatchTokens);
        var lr = _options.LearningRateSchedule();
        var loss = new LabelSmoothedLoss(_options.LabelSmoothing, model.Config.PadId);
        var guard = new DivergenceGuard(session, _options.Steps);
        var finalMasks = new FinalMaskSteps(session.Sparsifier.Recipe);

        _observer.OnStart(session.NextStep, _options.Steps);
        long sessionStart = _clock.GetTimestamp();
        double trainingAtStart = session.TrainingSeconds;
        long tokensAtStart = session.TargetTokens;
        long end = Math.Min(_options.Steps, _request.PauseAt ?? long.MaxValue);
        for (long step = session.NextStep; step < end; step++)
        {
            long stepStart = _clock.GetTimestamp();
            if (session.Sparsifier.NeedsCalibrationAt(step)) Calibrate(session, data.Train, batcher, device, step);
            var state = session.Sparsifier.Step(step);
            double rate = lr.At(step);
            foreach (var group in session.Optimizer.ParamGroups) group.LearningRate = rate;
            var batch = batcher.ForStep(step);
            manual_seed(unchecked(_options.Seed * 7_919L + step)); // dropout of step k depends on k only
            double lossValue = TrainStep(session, guard, loss, data.Train, batch, device, step);
            session.Sparsifier.RecordStepFlops();
            session.OtherFlops += TransformerRemainderFlops.ForStep(model.Config, batch.Indices.Length,
                batch.SourceLength, batch.TargetLength);
            session.TargetTokens += batch.TargetTokens;
            session.NextStep = step + 1;

            bool last = step == _options.Steps - 1;
            bool validate = (step + 1) % _options.EvalEvery == 0 || last;
            bool save = (step + 1) % _options.CheckpointEvery == 0 || last || step + 1 == end;
            if (step % _options.LogEvery == 0 || last)
            {
                double trained = session.TrainingSeconds + Seconds(stepStart) - trainingAtStart;
                double tps = (session.TargetTokens - tokensAtStart) / Math.Max(trained, 1e-9);
                var remaining = TimeSpan.FromSeconds((_options.Steps - step - 1) * Seconds(sessionStart) /
                    (step + 1 - session.FirstStep));
                var elapsed = TimeSpan.FromSeconds(session.TrainingSeconds + session.ValidationSeconds +
                    session.CheckpointSeconds + Seconds(stepStart));
                _observer.OnStep(new StepReport(step, _options.Steps, lossValue, rate, tps, elapsed, remaining,
                    state.Phase.ToString().ToLowerInvariant(), state.Pattern.ToString(), state.Beta));
                metrics.Write("train", step, new Dictionary<string, double>
                {
                    ["loss"] = lossValue, ["lr"] = rate, ["tokens_per_second"] = tps, ["beta"] = state.Beta,
                    ["n"] = state.Pattern.N, ["m"] = state.Pattern.M, ["flop_ratio"] = session.FlopRatio(),
                    ["flip_rate"] = session.Sparsifier.ModelFlipRate(),
                });
            }
            if (validate || save) guard.CheckState(step); // nothing non-finite is scored or written
            session.TrainingSeconds += Seconds(stepStart);

            if (validate && Validate(session, evaluator, data, metrics, step, finalMasks.Contains(step)))
                Save(session, _request.Run.BestCheckpoint);
            if (save) Save(session, _request.Run.LastCheckpoint);
        }
        if (session.NextStep < _options.Steps)
        {
            _observer.OnMessage($"paused at step {session.NextStep}; continue with --resume");
            return null;
        }
        return RunFinisher.Finish(_request, session, evaluator, data, metrics, _observer, _clock);
    }

    /// <summary>
    /// Wanda's calibration pass before the step whose masks use input norms: the model runs forward in eval mode,
    /// without gradients, on the training batches of the next K steps (deterministic, so a resume repeats it).
    /// </summary>
    private void Calibrate(TrainingSession session, EncodedSplit split, TokenBatcher batcher, Device device, long step)
    {
        session.Model.eval();
        session.Sparsifier.CalibrateInputNorms(_request.Recipe.CalibrationBatches, i =>
        {
            using var tensors = BatchTensors.Create(split, batcher.ForStep(step + i).Indices,
                session.Model.Config.PadId, device);
            session.Model.call(tensors.Source, tensors.TargetIn).Dispose();
        });
        _observer.OnMessage($"calibrated input norms on {_request.Recipe.CalibrationBatches} training batches " +
            $"before step {step + 1}");
    }

    private double TrainStep(TrainingSession session, DivergenceGuard guard, LabelSmoothedLoss loss,
        EncodedSplit split, TokenBatch batch, Device device, long step)
    {
        using var tensors = BatchTensors.Create(split, batch.Indices, session.Model.Config.PadId, device);
        return TrainingStep.Run(session.Model, session.Sparsifier, session.Optimizer, loss, tensors, _options.ClipNorm,
            new StepGuard(guard, step));
    }

    /// <summary>
    /// Scores the validation subset and logs it; true when it is the best so far among the steps with final masks
    /// (<paramref name="masksFinal"/>), which the caller then saves as the best checkpoint.
    /// </summary>
    private bool Validate(TrainingSession session, TranslationEvaluator evaluator, TranslationData data,
        MetricsLog metrics, long step, bool masksFinal)
    {
        long start = _clock.GetTimestamp();
        var (report, _) = evaluator.Evaluate(data.Valid, step, _options.EvalSentences, beam: 1);
        _observer.OnEval(report);
        metrics.Write("valid", step, new Dictionary<string, double>
        {
            ["loss"] = report.Loss, ["perplexity"] = report.Perplexity, ["bleu"] = report.Bleu,
            ["decode_seconds"] = report.DecodeTime.TotalSeconds, ["final_masks"] = masksFinal ? 1 : 0,
        });
        // Per-layer mask flip rate since each layer's previous mask update (Hu et al. 2024 choose λ by it).
        metrics.Write("flip_rate", step, session.Sparsifier.Diagnostics().ToDictionary(d => d.Name, d => d.FlipRate));
        session.ValidationSeconds += Seconds(start);
        if (!masksFinal || !(report.Bleu > session.BestBleu)) return false;
        session.BestBleu = report.Bleu;
        session.BestStep = step;
        return true;
    }

    private void Save(TrainingSession session, string path)
    {
        long start = _clock.GetTimestamp();
        session.Save(path);
        session.CheckpointSeconds += Seconds(start);
    }

    private double Seconds(long since) => _clock.GetElapsedTime(since).TotalSeconds;
}
