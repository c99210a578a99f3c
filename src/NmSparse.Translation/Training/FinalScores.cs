using NmSparse.Translation.IO;
using NmSparse.Translation.Metrics;

namespace NmSparse.Translation.Training;

/// <summary>
/// The final evaluation of a run: loss, perplexity and greedy BLEU on the whole validation split, and the BLEU of the
/// whole test split decoded at the run's beam, with the time each took.
/// </summary>
public sealed record FinalScores(EvalReport Valid, BleuScore Test, TimeSpan ValidTime, TimeSpan TestTime)
{
    /// <summary>
    /// Scores <paramref name="evaluator"/>'s model on <paramref name="valid"/> (reported as <paramref name="step"/>;
    /// <paramref name="validated"/> sees the report before the test split is decoded) and <paramref name="test"/>,
    /// and writes the test translations, one a line, to <paramref name="hypothesesPath"/> (atomically).
    /// </summary>
    public static FinalScores Measure(TranslationEvaluator evaluator, EncodedSplit valid, EncodedSplit test,
        long step, int beam, string hypothesesPath, TimeProvider clock, Action<EvalReport>? validated = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(clock);
        long validStart = clock.GetTimestamp();
        var (report, _) = evaluator.Evaluate(valid, step, valid.Count, beam: 1);
        var validTime = clock.GetElapsedTime(validStart);
        validated?.Invoke(report);

        long testStart = clock.GetTimestamp();
        var hypotheses = evaluator.Translate(test.Sources, beam);
        var testTime = clock.GetElapsedTime(testStart);
        var bleu = CorpusBleu.Compute(hypotheses, test.Pairs.Select(p => p.De).ToList());
        AtomicFile.WriteText(hypothesesPath, string.Concat(hypotheses.Select(h => h + "\n")));
        return new FinalScores(report, bleu, validTime, testTime);
    }
}
