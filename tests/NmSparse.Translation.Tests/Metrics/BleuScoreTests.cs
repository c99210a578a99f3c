using NmSparse.Translation.Metrics;

namespace NmSparse.Translation.Tests.Metrics;

/// <summary>sacreBLEU's <c>compute_bleu</c> (exp smoothing) and <c>format()</c> on hand-made statistics.</summary>
public class BleuScoreTests
{
    [Fact]
    public void FromStatistics_AllOrdersMatched_IsGeometricMeanTimesBp()
    {
        // p = 100·[3/4, 2/3, 1/2, 1/1] = 75, 66.67, 50, 100; BP = 1 (6 ≥ 6).
        // BLEU = (75 · 200/3 · 50 · 100)^(1/4) = 25,000,000^(1/4) = 70.7107 (= 100 / √2).
        var score = BleuScore.FromStatistics([3, 2, 1, 1], [4, 3, 2, 1], 6, 6, 1);
        Assert.Equal(100 / Math.Sqrt(2), score.Score, 1e-12);
        Assert.Equal("BLEU = 70.71 75.0/66.7/50.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)",
            score.ToString());
    }

    [Fact]
    public void FromStatistics_TwoZeroOrders_SmoothsByTwoThenFour()
    {
        // Orders 3 and 4 have no match: the 1st such order gets 100/(2·totals), the 2nd 100/(4·totals).
        // p = 80, 50, 100/(2·3) = 16.67, 100/(4·2) = 12.5 → BLEU = (2,500,000/3)^(1/4) = 30.2138.
        var score = BleuScore.FromStatistics([4, 2, 0, 0], [5, 4, 3, 2], 5, 5, 1);
        Assert.Equal(Math.Pow(2_500_000.0 / 3, 0.25), score.Score, 1e-12);
        Assert.Equal(new[] { 80.0, 50.0, 100.0 / 6, 12.5 }, score.Precisions);
        Assert.Equal("BLEU = 30.21 80.0/50.0/16.7/12.5 (BP = 1.000 ratio = 1.000 hyp_len = 5 ref_len = 5)",
            score.ToString());
    }

    [Fact]
    public void FromStatistics_ShorterHypothesis_AppliesBrevityPenalty()
    {
        // All precisions 100; BP = exp(1 − 6/5) = exp(−0.2) = 0.81873 → BLEU = 81.873; ratio = 5/6.
        var score = BleuScore.FromStatistics([5, 4, 3, 2], [5, 4, 3, 2], 5, 6, 1);
        Assert.Equal(Math.Exp(-0.2), score.BrevityPenalty, 1e-15);
        Assert.Equal(100 * Math.Exp(-0.2), score.Score, 1e-12);
        Assert.Equal("BLEU = 81.87 100.0/100.0/100.0/100.0 (BP = 0.819 ratio = 0.833 hyp_len = 5 ref_len = 6)",
            score.ToString());
    }

    [Fact]
    public void FromStatistics_OrderWithoutHypothesisNgrams_StopsAndScoresZero()
    {
        // 2-token hypothesis: totals for orders 3 and 4 are 0, so the loop stops and p3 = p4 = 0 → log floored
        // to −9999999999 → BLEU 0, although p1 = p2 = 100. BP = exp(1 − 6/2) = exp(−2) = 0.135.
        var score = BleuScore.FromStatistics([2, 1, 0, 0], [2, 1, 0, 0], 2, 6, 1);
        Assert.Equal(0.0, score.Score);
        Assert.Equal("BLEU = 0.00 100.0/100.0/0.0/0.0 (BP = 0.135 ratio = 0.333 hyp_len = 2 ref_len = 6)",
            score.ToString());
    }

    [Fact]
    public void FromStatistics_NoMatchAtAll_ReturnsZeroPrecisions()
    {
        // Early exit: no order has a match → BLEU 0 and every precision 0 (no smoothing applied).
        var score = BleuScore.FromStatistics([0, 0, 0, 0], [2, 1, 0, 0], 2, 2, 1);
        Assert.Equal(0.0, score.Score);
        Assert.Equal(new[] { 0.0, 0.0, 0.0, 0.0 }, score.Precisions);
        Assert.Equal("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 2 ref_len = 2)",
            score.ToString());
    }

    [Fact]
    public void FromStatistics_EmptyHypothesis_HasZeroBpAndRatio()
    {
        // hyp_len 0 < ref_len 3 → BP 0; ratio 0/3 = 0.
        var score = BleuScore.FromStatistics([0, 0, 0, 0], [0, 0, 0, 0], 0, 3, 1);
        Assert.Equal("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.000 hyp_len = 0 ref_len = 3)",
            score.ToString());
    }

    [Fact]
    public void ToString_ExactTies_RoundHalfToEvenLikePython()
    {
        // 1/16 = 6.25% is exact in binary: Python's "%.1f" gives 6.2 (half to even), .NET's "F1" would give 6.3.
        // BLEU = 6.25 (up to one ulp). Ratio 16/16 = 1.
        var precise = BleuScore.FromStatistics([1, 1, 1, 1], [16, 16, 16, 16], 16, 16, 1);
        Assert.Equal("BLEU = 6.25 6.2/6.2/6.2/6.2 (BP = 1.000 ratio = 1.000 hyp_len = 16 ref_len = 16)",
            precise.ToString());
        // Ratio 1/16 = 0.0625 → "0.062"; BP = exp(−15) → "0.000"; p1 = 100, then total 0 stops the loop.
        var ratio = BleuScore.FromStatistics([1, 0, 0, 0], [1, 0, 0, 0], 1, 16, 1);
        Assert.Equal("BLEU = 0.00 100.0/0.0/0.0/0.0 (BP = 0.000 ratio = 0.062 hyp_len = 1 ref_len = 16)",
            ratio.ToString());
    }

    [Fact]
    public void Format_OneDecimal_OnlyChangesScoreWidth()
    {
        // sacreBLEU's CLI default width 1: 70.7107 → "70.7"; precisions keep one decimal regardless.
        var score = BleuScore.FromStatistics([3, 2, 1, 1], [4, 3, 2, 1], 6, 6, 1);
        Assert.Equal("BLEU = 70.7 75.0/66.7/50.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)",
            score.Format(1));
    }

    [Fact]
    public void Signature_TwoReferences_MatchesSacreBleu()
    {
        var score = BleuScore.FromStatistics([0, 0, 0, 0], [0, 0, 0, 0], 0, 0, 2);
        Assert.Equal("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3", score.Signature);
    }

    [Fact]
    public void FromStatistics_WrongNumberOfOrders_Throws() =>
        Assert.Throws<ArgumentException>(() => BleuScore.FromStatistics([1, 1, 1], [1, 1, 1], 1, 1, 1));
}
