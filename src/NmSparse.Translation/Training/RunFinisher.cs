using NmSparse.Translation.Runtime;

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
        var scores = FinalScores.Measure(evaluator, data.Valid, data.Test, step, options.Beam,
            request.Run.TestHypotheses, clock, observer.OnEval);
        var (valid, bleu) = (scores.Valid, scores.Test);
        observer.OnEval(new EvalReport("test", step, double.NaN, double.NaN, bleu.Score, data.Test.Count,
            scores.TestTime));
        metrics.Write("test", step, new Dictionary<string, double>
        {
            ["bleu"] = bleu.Score, ["decode_seconds"] = scores.TestTime.TotalSeconds,
            ["valid_loss"] = valid.Loss, ["valid_perplexity"] = valid.Perplexity,
        });

        var result = RunResults.Create(request.Recipe.Recipe, request.Recipe.Pattern.ToString(), options.Preset,
            RunTotals.Of(session, options.Steps), scores, layers, CodeVersion.Current,
            MachineDescription.Current);
        RunResults.Write(request.Run.Result, result);
        return result;
    }
}
