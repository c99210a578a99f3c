using System.Text.Json;
using NmSparse.Translation.Metrics;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Training;

/// <summary>
/// Ends a run: records each layer's β and N:M as trained in the last step, bakes the final masks into the weights,
/// measures validation loss/perplexity on the whole validation split and BLEU on the whole test split, and writes
/// result.json and the test translations.
/// </summary>
public static class RunFinisher
{
    public static RunResult Finish(TrainingRequest request, TrainingSession session, TranslationEvaluator evaluator,
        TranslationData data, MetricsLog metrics, ITrainingObserver observer, TimeProvider clock)
    {
        var options = request.Options;
        var layers = RunFlops.LastStepLayers(session.Sparsifier);
        session.Sparsifier.BakeMasks();
        long step = options.Steps - 1;
        long validStart = clock.GetTimestamp();
        var (valid, _) = evaluator.Evaluate(data.Valid, step, data.Valid.Count, beam: 1);
        var validTime = clock.GetElapsedTime(validStart);
        observer.OnEval(valid);

        long testStart = clock.GetTimestamp();
        var hypotheses = evaluator.Translate(data.Test.Sources, options.Beam);
        var testTime = clock.GetElapsedTime(testStart);
        var bleu = CorpusBleu.Compute(hypotheses, data.Test.Pairs.Select(p => p.De).ToList());
        AtomicFile.WriteText(request.Run.TestHypotheses, string.Concat(hypotheses.Select(h => h + "\n")));
        observer.OnEval(new EvalReport("test", step, double.NaN, double.NaN, bleu.Score, data.Test.Count, testTime));
        metrics.Write("test", step, new Dictionary<string, double>
        {
            ["bleu"] = bleu.Score, ["decode_seconds"] = testTime.TotalSeconds,
            ["valid_loss"] = valid.Loss, ["valid_perplexity"] = valid.Perplexity,
        });

        var flops = RunFlops.Of(session);
        var result = new RunResult
        {
            Recipe = request.Recipe.Recipe,
            Pattern = request.Recipe.Pattern.ToString(),
            Preset = options.Preset,
            Steps = options.Steps,
            TestBleu = bleu.Score,
            TestBleuLine = bleu.ToString(),
            TestBleuSignature = bleu.Signature,
            ValidLoss = valid.Loss,
            ValidPerplexity = valid.Perplexity,
            ValidBleu = valid.Bleu,
            BestCheckpointStep = session.BestStep + 1,
            BestCheckpointValidBleu = session.BestScore,
            TargetTokens = session.TrainedItems,
            TargetTokensPerSecond = session.TrainedItems / Math.Max(session.TrainingSeconds, 1e-9),
            TrainingSeconds = session.TrainingSeconds,
            ValidationSeconds = session.ValidationSeconds,
            CheckpointSeconds = session.CheckpointSeconds,
            FinalValidSeconds = validTime.TotalSeconds,
            TestDecodeSeconds = testTime.TotalSeconds,
            TrainingFlops = flops.Total,
            DenseTrainingFlops = flops.Dense,
            FlopRatioToDense = flops.RatioToDense,
            SparseLayerFlops = flops.SparseLayers,
            SparseLayerDenseFlops = flops.SparseLayersDense,
            SparseLayerFlopRatio = flops.SparseLayerRatio,
            Layers = layers,
            CodeVersion = CodeVersion.Current,
        };
        AtomicFile.WriteText(request.Run.Result,
            JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        return result;
    }
}
