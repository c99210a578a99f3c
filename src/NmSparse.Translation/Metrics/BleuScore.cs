namespace NmSparse.Translation.Metrics;

/// <summary>
/// A corpus BLEU score with sacreBLEU's statistics (Papineni et al., 2002, "BLEU: a Method for Automatic
/// Evaluation of Machine Translation"; smoothing "exp" = method 3 of Chen and Cherry, 2014, "A Systematic
/// Comparison of Smoothing Techniques for Sentence-Level BLEU", which is mteval-v13a's NIST smoothing).
/// </summary>
/// <param name="Score">BLEU in percent, 0–100.</param>
/// <param name="Precisions">The (smoothed) 1- to 4-gram precisions in percent.</param>
/// <param name="Counts">Clipped n-gram matches for orders 1 to 4, summed over segments.</param>
/// <param name="Totals">Hypothesis n-grams for orders 1 to 4, summed over segments.</param>
/// <param name="BrevityPenalty">1 when HypLength ≥ RefLength, else exp(1 − RefLength / HypLength); 0 when HypLength = 0.</param>
/// <param name="Ratio">HypLength / RefLength, or 0 when RefLength = 0.</param>
/// <param name="HypLength">Hypothesis tokens over all segments.</param>
/// <param name="RefLength">Sum over segments of the reference length closest to the hypothesis (ties: shorter).</param>
/// <param name="ReferenceCount">How many reference streams were used (the signature's <c>nrefs</c>).</param>
public sealed record BleuScore(
    double Score,
    IReadOnlyList<double> Precisions,
    IReadOnlyList<int> Counts,
    IReadOnlyList<int> Totals,
    double BrevityPenalty,
    double Ratio,
    int HypLength,
    int RefLength,
    int ReferenceCount)
{
    /// <summary>
    /// The sacreBLEU release whose BLEU (defaults: 13a, mixed case, exp smoothing, no effective order, 4-grams)
    /// this code reproduces. Its BLEU and 13a code is unchanged up to 2.6.0; the number goes into the signature.
    /// </summary>
    public const string SacreBleuVersion = "2.4.3";

    /// <summary>
    /// sacreBLEU's reproducibility signature, e.g. <c>nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3</c>.
    /// </summary>
    public string Signature =>
        $"nrefs:{ReferenceCount}|case:mixed|eff:no|tok:{Tokenizer13a.Signature}|smooth:exp|version:{SacreBleuVersion}";

    /// <summary>
    /// sacreBLEU's <c>compute_bleu</c> with the "exp" smoothing, from summed statistics: precision n is
    /// 100·Counts[n]/Totals[n]; an order with no match takes 100/(2^k·Totals[n]) for the k-th such order; the
    /// first order with no hypothesis n-gram and all later ones stay 0 (and make BLEU 0); no match at all
    /// gives BLEU 0 with all precisions 0. BLEU = BP · exp(mean of the 4 log precisions).
    /// </summary>
    public static BleuScore FromStatistics(
        IReadOnlyList<int> counts, IReadOnlyList<int> totals, int hypLength, int refLength, int referenceCount)
    {
        if (counts.Count != CorpusBleu.MaxOrder || totals.Count != CorpusBleu.MaxOrder)
            throw new ArgumentException($"BLEU statistics need exactly {CorpusBleu.MaxOrder} counts and totals");

        double bp = 1.0;
        if (hypLength < refLength) bp = hypLength > 0 ? Math.Exp(1 - (double)refLength / hypLength) : 0.0;
        double ratio = refLength > 0 ? (double)hypLength / refLength : 0.0;
        var precisions = new double[CorpusBleu.MaxOrder];
        int[] countCopy = [.. counts];
        int[] totalCopy = [.. totals];

        if (counts.All(c => c == 0))
            return new BleuScore(0.0, precisions, countCopy, totalCopy, bp, ratio, hypLength, refLength, referenceCount);

        double smoothing = 1.0;
        for (int n = 0; n < CorpusBleu.MaxOrder && totals[n] != 0; n++)
        {
            if (counts[n] == 0)
            {
                smoothing *= 2;
                precisions[n] = 100.0 / (smoothing * totals[n]);
            }
            else
            {
                precisions[n] = 100.0 * counts[n] / totals[n];
            }
        }

        double logSum = 0.0;
        foreach (double p in precisions) logSum += FlooredLog(p);
        double score = bp * Math.Exp(logSum / CorpusBleu.MaxOrder);
        return new BleuScore(score, precisions, countCopy, totalCopy, bp, ratio, hypLength, refLength, referenceCount);
    }

    /// <summary>
    /// sacreBLEU's <c>BLEUScore.format(width)</c>:
    /// <c>BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)</c>, with
    /// <paramref name="scoreDecimals"/> decimals on the score (sacreBLEU's API default is 2, its CLI's is 1),
    /// one on precisions, three on BP and ratio, and Python's round-half-to-even.
    /// </summary>
    public string Format(int scoreDecimals)
    {
        string precisions = string.Join("/", Precisions.Select(p => PythonText.FormatFixed(p, 1)));
        return $"BLEU = {PythonText.FormatFixed(Score, scoreDecimals)} {precisions} " +
            $"(BP = {PythonText.FormatFixed(BrevityPenalty, 3)} ratio = {PythonText.FormatFixed(Ratio, 3)} " +
            $"hyp_len = {HypLength} ref_len = {RefLength})";
    }

    /// <summary>The score line exactly as sacreBLEU's <c>str(score)</c> prints it (two decimals).</summary>
    public override string ToString() => Format(2);

    /// <summary>sacreBLEU's <c>my_log</c>: log, with log(0) floored to −9999999999.</summary>
    private static double FlooredLog(double x) => x == 0.0 ? -9999999999.0 : Math.Log(x);
}
