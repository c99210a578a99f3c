using NmSparse.Translation.Runtime;
using NmSparse.Translation.Training;
using NmSparse.Vision.Data;
using NmSparse.Vision.Models;

namespace NmSparse.Vision.Training;

/// <summary>
/// Ends a vision run: records each layer's β and N:M as trained in the last step, bakes the final masks into the
/// weights, scores the whole valid split and the test split and writes result.json.
/// </summary>
public static class VisionRunFinisher
{
    public static VisionRunResult Finish(VisionTrainingRequest request, RunSession<VisionTransformer> session,
        VisionEvaluator evaluator, FashionMnistData data, MetricsLog metrics, ITrainingObserver observer,
        TimeProvider clock)
    {
        var options = request.Options;
        var layers = RunFlops.LastStepLayers(session.Sparsifier);
        session.Sparsifier.BakeMasks();
        long step = options.Steps - 1;
        long start = clock.GetTimestamp();
        var valid = evaluator.Evaluate(data.Valid, step, data.Valid.Count);
        var test = evaluator.Evaluate(data.Test, step, data.Test.Count);
        var evalTime = clock.GetElapsedTime(start);
        observer.OnMessage(valid.ToString());
        observer.OnMessage(test.ToString());
        metrics.Write("test", step, new Dictionary<string, double>
        {
            ["accuracy"] = test.Accuracy, ["loss"] = test.Loss, ["valid_accuracy"] = valid.Accuracy,
            ["valid_loss"] = valid.Loss, ["eval_seconds"] = evalTime.TotalSeconds,
        });
        var result = new VisionRunResult
        {
            Recipe = request.Recipe.Recipe,
            Pattern = request.Recipe.Pattern.ToString(),
            Preset = options.Preset,
            Seed = options.Seed,
            Steps = options.Steps,
            TestAccuracy = test.Accuracy,
            TestImages = test.Images,
            ValidAccuracy = valid.Accuracy,
            ValidLoss = valid.Loss,
            BestCheckpointStep = session.BestStep + 1,
            BestCheckpointValidAccuracy = session.BestScore,
            TrainedImages = session.TrainedItems,
            ImagesPerSecond = session.TrainedItems / Math.Max(session.TrainingSeconds, 1e-9),
            TrainingSeconds = session.TrainingSeconds,
            ValidationSeconds = session.ValidationSeconds,
            CheckpointSeconds = session.CheckpointSeconds,
            FinalEvalSeconds = evalTime.TotalSeconds,
            Flops = RunFlops.Of(session),
            Layers = layers,
            CodeVersion = CodeVersion.Current,
            Machine = MachineDescription.Current,
        };
        RunResults.Write(request.Run.Result, result);
        return result;
    }
}
