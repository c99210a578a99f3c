using System.Diagnostics;
using System.Text.Json;
using NmSparse.Translation.Metrics;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Training;

/// <summary>
/// Ends a run: bakes the final masks into the weights, measures validation loss/perplexity on the whole
/// validation split and BLEU on the whole test split, and writes result.json and the test translations.
/// </summary>
public static class RunFinisher
{
    public static RunResult Finish(TrainingRequest request, TrainingSession session, TranslationEvaluator evaluator,
        TranslationData data, MetricsLog metrics, ITrainingObserver observer)
    {
        var options = request.Options;
        session.Sparsifier.BakeMasks();
        long step = options.Steps - 1;
        var (valid, _) = evaluator.Evaluate(data.Valid, step, data.Valid.Count, beam: 1);
        observer.OnEval(valid);

        var watch = Stopwatch.StartNew();
        var hypotheses = evaluator.Translate(data.Test.Sources, options.Beam);
        watch.Stop();
        var bleu = CorpusBleu.Compute(hypotheses, data.Test.Pairs.Select(p => p.De).ToList());
        AtomicFile.WriteText(request.Run.TestHypotheses, string.Concat(hypotheses.Select(h => h + "\n")));
        observer.OnEval(
            new EvalReport("test", step, double.NaN, double.NaN, bleu.Score, data.Test.Count, watch.Elapsed));
        metrics.Write("test", step, new Dictionary<string, double>
        {
            ["bleu"] = bleu.Score, ["decode_seconds"] = watch.Elapsed.TotalSeconds,
            ["valid_loss"] = valid.Loss, ["valid_perplexity"] = valid.Perplexity,
        });

        var flops = session.Sparsifier.Flops;
        long total = flops.Total.Total + session.OtherFlops;
        long dense = flops.DenseTotal.Total + session.OtherFlops;
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
            TargetTokensPerSecond = session.TargetTokens / Math.Max(session.ElapsedSeconds, 1e-9),
            TrainingSeconds = session.ElapsedSeconds,
            TestDecodeSeconds = watch.Elapsed.TotalSeconds,
            TrainingFlops = total,
            DenseTrainingFlops = dense,
            FlopRatioToDense = dense == 0 ? 1 : (double)total / dense,
            SparseLayerFlops = flops.Total.Total,
            SparseLayerDenseFlops = flops.DenseTotal.Total,
            SparseLayerFlopRatio = flops.RatioToDense,
            Layers = session.Sparsifier.Diagnostics()
                .Select(d => new LayerSummary(d.Name, d.Pattern.ToString(), d.Density, d.Beta)).ToList(),
        };
        AtomicFile.WriteText(request.Run.Result,
            JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
        return result;
    }
}
