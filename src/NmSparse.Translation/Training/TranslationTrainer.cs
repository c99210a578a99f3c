using System.Diagnostics;
using NmSparse.Translation.Models;
using NmSparse.Recipes;
using NmSparse.Translation.Runtime;
using NmSparse.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// Trains the translation Transformer with a sparse recipe: Adam (0.9, 0.98, 1e-9), inverse-sqrt warm-up,
/// label-smoothed loss, gradient clipping, length-bucketed token batches. Checkpoints (last, best by validation
/// BLEU) are atomic; a resumed run reproduces an uninterrupted one exactly because the batch, the dropout seed and
/// the sparsity state of every step are functions of the step alone.
/// </summary>
public sealed class TranslationTrainer
{
    private readonly TrainingRequest _request;
    private readonly ITrainingObserver _observer;
    private readonly TrainingOptions _options;

    public TranslationTrainer(TrainingRequest request, ITrainingObserver observer)
    {
        request.Options.Validate();
        _request = request;
        _observer = observer;
        _options = request.Options;
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
        var lr = new InverseSqrtSchedule(_options.LearningRate, _options.WarmupSteps);
        var loss = new LabelSmoothedLoss(_options.LabelSmoothing, model.Config.PadId);

        _observer.OnStart(session.NextStep, _options.Steps);
        var watch = Stopwatch.StartNew();
        double startElapsed = session.ElapsedSeconds;
        long tokensAtStart = session.TargetTokens;
        long end = Math.Min(_options.Steps, _request.PauseAt ?? long.MaxValue);
        for (long step = session.NextStep; step < end; step++)
        {
            var state = session.Sparsifier.Step(step);
            double rate = lr.At(step);
            foreach (var group in session.Optimizer.ParamGroups) group.LearningRate = rate;
            var batch = batcher.ForStep(step);
            manual_seed(unchecked(_options.Seed * 7_919L + step)); // dropout of step k depends on k only
            double lossValue = TrainStep(session, loss, data.Train, batch, device);
            if (!double.IsFinite(lossValue))
                throw new TrainingDivergedException(
                    $"loss became {lossValue} at step {step}; stopped without saving. Lower learning_rate or " +
                    $"raise warmup_steps, then resume from {_request.Run.LastCheckpoint}");
            session.Sparsifier.RecordStepFlops();
            session.OtherFlops += TransformerRemainderFlops.ForStep(model.Config, batch.Indices.Length,
                batch.SourceLength, batch.TargetLength);
            session.TargetTokens += batch.TargetTokens;
            session.NextStep = step + 1;
            session.ElapsedSeconds = startElapsed + watch.Elapsed.TotalSeconds;

            if (step % _options.LogEvery == 0 || step == _options.Steps - 1)
            {
                double tps = (session.TargetTokens - tokensAtStart) / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
                var remaining = TimeSpan.FromSeconds((_options.Steps - step - 1) * watch.Elapsed.TotalSeconds /
                    (step + 1 - session.FirstStep));
                _observer.OnStep(new StepReport(step, _options.Steps, lossValue, rate, tps,
                    TimeSpan.FromSeconds(session.ElapsedSeconds), remaining, state.Phase.ToString().ToLowerInvariant(),
                    state.Pattern.ToString(), state.Beta));
                metrics.Write("train", step, new Dictionary<string, double>
                {
                    ["loss"] = lossValue, ["lr"] = rate, ["tokens_per_second"] = tps, ["beta"] = state.Beta,
                    ["n"] = state.Pattern.N, ["m"] = state.Pattern.M, ["flop_ratio"] = session.FlopRatio(),
                });
            }
            bool last = step == _options.Steps - 1;
            if ((step + 1) % _options.EvalEvery == 0 || last)
                Validate(session, evaluator, data, metrics, step);
            if ((step + 1) % _options.CheckpointEvery == 0 || last || step + 1 == end)
                session.Save(_request.Run.LastCheckpoint);
        }
        if (session.NextStep < _options.Steps)
        {
            _observer.OnMessage($"paused at step {session.NextStep}; continue with --resume");
            return null;
        }
        return RunFinisher.Finish(_request, session, evaluator, data, metrics, _observer);
    }

    private double TrainStep(TrainingSession session, LabelSmoothedLoss loss, EncodedSplit split, TokenBatch batch,
        Device device)
    {
        using var tensors = BatchTensors.Create(split, batch.Indices, session.Model.Config.PadId, device);
        return TrainingStep.Run(session.Model, session.Optimizer, loss, tensors, _options.ClipNorm);
    }

    private void Validate(TrainingSession session, TranslationEvaluator evaluator, TranslationData data,
        MetricsLog metrics, long step)
    {
        var (report, _) = evaluator.Evaluate(data.Valid, step, _options.EvalSentences, beam: 1);
        _observer.OnEval(report);
        metrics.Write("valid", step, new Dictionary<string, double>
        {
            ["loss"] = report.Loss, ["perplexity"] = report.Perplexity, ["bleu"] = report.Bleu,
            ["decode_seconds"] = report.DecodeTime.TotalSeconds,
        });
        if (report.Bleu > session.BestBleu)
        {
            session.BestBleu = report.Bleu;
            session.BestStep = step;
            session.Save(_request.Run.BestCheckpoint);
        }
    }
}
