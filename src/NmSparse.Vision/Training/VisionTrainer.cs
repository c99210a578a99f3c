using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;
using NmSparse.Vision.Data;
using NmSparse.Vision.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Vision.Training;

/// <summary>
/// Trains the Vision Transformer on Fashion-MNIST with a sparse recipe in the testbed's shared
/// <see cref="TrainingLoop{TModel}"/> (phases, recipes, checkpoints, metrics, exact resume): Adam(0.9, 0.999,
/// 1e-8), warm-up + cosine learning rate, label-smoothed cross-entropy, gradient clipping, augmented batches
/// (<see cref="ImageBatcher"/>); the best checkpoint is the best valid accuracy among the steps with final masks.
/// </summary>
public sealed class VisionTrainer(VisionTrainingRequest request, ITrainingObserver observer,
    TimeProvider? clock = null)
{
    private readonly VisionTrainingOptions _options = request.Options;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    private VisionTrainingRequest Request => request;

    private ITrainingObserver Observer => observer;

    /// <summary>Trains to the end (returns the result) or to the pause step (returns null).</summary>
    public VisionRunResult? Run()
    {
        _options.Validate();
        var device = TorchRuntime.ForRun(_options, observer.OnMessage);
        var data = FashionMnistData.Load(request.DataDir);
        observer.OnMessage($"data: {data.Train.Count} train / {data.Valid.Count} valid / {data.Test.Count} test " +
            "images");
        var session = CreateSession(request, device, observer);
        using var model = session.Model;
        var scale = PixelScale.Of(data.Train.Images);
        var batcher = new ImageBatcher(data.Train, _options.BatchSize, _options.Seed, _options.Augment, scale);
        observer.OnMessage($"{batcher.BatchesPerEpoch} batches of {_options.BatchSize} images per epoch; " +
            $"device {device.type}, {get_num_threads()} threads");
        var evaluator = new VisionEvaluator(model, scale, device, _options.EvalBatchSize);
        var loop = new TrainingLoop<VisionTransformer>(session, _options, request.Run, observer, _clock);
        var task = new Task(this, session, data, batcher, evaluator, device);
        if (!loop.Run(task, _options.LearningRateSchedule().At, request.PauseAt)) return null;
        return VisionRunFinisher.Finish(request, session, evaluator, data, loop.Metrics, observer, _clock);
    }

    /// <summary>The seeded, sparsified model and its optimizer; from the last checkpoint when resuming.</summary>
    public static RunSession<VisionTransformer> CreateSession(VisionTrainingRequest request, Device device,
        ITrainingObserver observer)
    {
        var options = request.Options;
        manual_seed(options.Seed);
        var model = new VisionTransformer(options.Model) { Precision = options.ParsePrecision() };
        model.to(device);
        var sparsifier = RunSession<VisionTransformer>.ApplySparsifier(model, request.Recipe, options, observer);
        var optimizer = RunSession<VisionTransformer>.CreateOptimizer(model, sparsifier, options, beta2: 0.999,
            eps: 1e-8);
        var session = new RunSession<VisionTransformer>(model, sparsifier, optimizer);
        if (request.Resume) session.Load(request.Run.LastCheckpoint, observer);
        return session;
    }

    /// <summary>The vision parts of a step: augmented image batches, cross-entropy, accuracy validation.</summary>
    private sealed class Task(VisionTrainer trainer, RunSession<VisionTransformer> session, FashionMnistData data,
        ImageBatcher batcher, VisionEvaluator evaluator, Device device) : ITrainingTask
    {
        public string ItemName => "images";

        public string ItemUnit => "img";

        /// <summary>Wanda's calibration: forward passes in eval mode on the (augmented) batches of the next K steps.</summary>
        public void Calibrate(long step)
        {
            int batches = trainer.Request.Recipe.CalibrationBatches;
            session.Model.eval();
            session.Sparsifier.CalibrateInputNorms(batches, i =>
            {
                using var scope = NewDisposeScope();
                session.Model.call(batcher.ForStep(step + i, device).Images);
            });
            trainer.Observer.OnMessage($"calibrated input norms on {batches} training batches before step {step + 1}");
        }

        public TaskStep Train(long step, StepGuard guard)
        {
            using var scope = NewDisposeScope();
            var (images, labels) = batcher.ForStep(step, device);
            double smoothing = trainer._options.LabelSmoothing;
            double loss = TrainingStep.Run(session.Model, session.Sparsifier, session.Optimizer,
                () => session.Model.call(images),
                logits => nn.functional.cross_entropy(logits, labels, label_smoothing: smoothing),
                trainer._options.ClipNorm, guard);
            return new TaskStep(loss, batcher.BatchSize, VitRemainderFlops.ForStep(session.Model.Config,
                batcher.BatchSize));
        }

        /// <summary>Scores the first eval_images valid images and logs them.</summary>
        public double Validate(long step, MetricsLog metrics, bool masksFinal)
        {
            var report = evaluator.Evaluate(data.Valid, step, trainer._options.EvalImages);
            trainer.Observer.OnMessage(report.ToString());
            metrics.Write("valid", step, new Dictionary<string, double>
            {
                ["loss"] = report.Loss, ["accuracy"] = report.Accuracy, ["final_masks"] = masksFinal ? 1 : 0,
            });
            return report.Accuracy;
        }
    }
}
