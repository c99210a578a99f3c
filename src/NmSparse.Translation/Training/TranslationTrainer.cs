using NmSparse.Translation.Models;
using NmSparse.Translation.Runtime;
using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// Trains the translation Transformer with a sparse recipe: Adam (0.9, 0.98, 1e-9), inverse-sqrt warm-up,
/// label-smoothed loss, gradient clipping, length-bucketed token batches, in the shared
/// <see cref="TrainingLoop{TModel}"/> (checkpoints, best by validation BLEU among the steps with final masks, exact
/// resume: the batch of a step is a function of the step alone). Training, validation and checkpoint time are
/// measured apart on the given clock (default: the system clock).
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
        var device = TorchRuntime.ForRun(_options, _observer.OnMessage);
        var data = TranslationData.Load(_request.DataDir, _options.MaxTokens, _observer.OnMessage);
        _options.CheckSubwordVocab(data.Tokenizer.VocabSize, _request.DataDir);
        var session = TrainingSession.Create(_request, data, device, _observer);
        using var model = session.Model;
        var batcher = new TokenBatcher(data.Train.SourceLengths(), data.Train.TargetLengths(), _options.BatchTokens,
            _options.Seed);
        _observer.OnMessage($"{batcher.BatchesPerEpoch} batches of ≤{_options.BatchTokens} tokens per epoch; " +
            $"device {device.type}, {get_num_threads()} threads");
        var evaluator = new TranslationEvaluator(model, data.Tokenizer, device, _options.BatchTokens);
        var loop = new TrainingLoop<Seq2SeqTransformer>(session, _options, _request.Run, _observer, _clock);
        var task = new Task(this, session, data, batcher, evaluator, device);
        if (!loop.Run(task, _options.LearningRateSchedule().At, _request.PauseAt)) return null;
        return RunFinisher.Finish(_request, session, evaluator, data, loop.Metrics, _observer, _clock);
    }

    /// <summary>The translation parts of a step: token batches, label-smoothed loss, BLEU validation.</summary>
    private sealed class Task(TranslationTrainer trainer, TrainingSession session, TranslationData data,
        TokenBatcher batcher, TranslationEvaluator evaluator, Device device) : ITrainingTask
    {
        private readonly LabelSmoothedLoss _loss = new(trainer._options.LabelSmoothing, session.Model.Config.PadId);

        public string ItemName => "tokens";

        public string ItemUnit => "tok";

        /// <summary>
        /// Wanda's calibration pass before the step whose masks use input norms: the model runs forward in eval
        /// mode, without gradients, on the training batches of the next K steps (deterministic, so a resume repeats
        /// it).
        /// </summary>
        public void Calibrate(long step)
        {
            int batches = trainer._request.Recipe.CalibrationBatches;
            session.Model.eval();
            session.Sparsifier.CalibrateInputNorms(batches, i =>
            {
                using var tensors = BatchTensors.Create(data.Train, batcher.ForStep(step + i).Indices,
                    session.Model.Config.PadId, device);
                session.Model.call(tensors.Source, tensors.TargetIn).Dispose();
            });
            trainer._observer.OnMessage($"calibrated input norms on {batches} training batches before step {step + 1}");
        }

        public TaskStep Train(long step, StepGuard guard)
        {
            var batch = batcher.ForStep(step);
            using var tensors = BatchTensors.Create(data.Train, batch.Indices, session.Model.Config.PadId, device);
            double loss = TrainingStep.Run(session.Model, session.Sparsifier, session.Optimizer, _loss, tensors,
                trainer._options.ClipNorm, guard);
            return new TaskStep(loss, batch.TargetTokens, TransformerRemainderFlops.ForStep(session.Model.Config,
                batch.Indices.Length, batch.SourceLength, batch.TargetLength));
        }

        /// <summary>Scores the validation subset (greedy BLEU) and logs it.</summary>
        public double Validate(long step, MetricsLog metrics, bool masksFinal)
        {
            var (report, _) = evaluator.Evaluate(data.Valid, step, trainer._options.EvalSentences, beam: 1);
            trainer._observer.OnEval(report);
            metrics.Write("valid", step, new Dictionary<string, double>
            {
                ["loss"] = report.Loss, ["perplexity"] = report.Perplexity, ["bleu"] = report.Bleu,
                ["decode_seconds"] = report.DecodeTime.TotalSeconds, ["final_masks"] = masksFinal ? 1 : 0,
            });
            return report.Bleu;
        }
    }
}
