using NmSparse.Translation.Metrics;

namespace NmSparse.Translation.Tests.Metrics;

/// <summary>
/// Corpus BLEU on small sentences; every expected value is counted by hand (n-gram matches/totals, BP,
/// exp smoothing) and agrees with sacreBLEU 2.4.3's <c>corpus_bleu</c>.
/// </summary>
public class CorpusBleuTests
{
    [Fact]
    public void Compute_IdenticalSentence_Is100()
    {
        // 6 tokens: matches/totals 6/6, 5/5, 4/4, 3/3; BP 1 → (100⁴)^(1/4) = 100.
        var score = CorpusBleu.Compute(["the cat sat on the mat"], ["the cat sat on the mat"]);
        Assert.Equal(100.0, score.Score, 1e-12);
        Assert.Equal("BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)",
            score.ToString());
    }

    [Fact]
    public void Compute_OneWordDiffers_ClipsAndSmoothsFourGrams()
    {
        // hyp "the cat sat on the mat", ref "the cat is on the mat".
        // 1-grams: the×2 (ref has 2), cat, on, mat match; sat not → 5/6.
        // 2-grams: "the cat", "on the", "the mat" match; "cat sat", "sat on" not → 3/5.
        // 3-grams: only "on the mat" → 1/4. 4-grams: 0/3 → exp smoothing 100/(2·3).
        // BLEU = (500/6 · 60 · 25 · 100/6)^(1/4) = (75,000,000/36)^(1/4) = 37.9918; BP 1 (6 = 6).
        var score = CorpusBleu.Compute(["the cat sat on the mat"], ["the cat is on the mat"]);
        Assert.Equal(new[] { 5, 3, 1, 0 }, score.Counts);
        Assert.Equal(new[] { 6, 5, 4, 3 }, score.Totals);
        Assert.Equal(Math.Pow(75_000_000.0 / 36, 0.25), score.Score, 1e-12);
        Assert.Equal("BLEU = 37.99 83.3/60.0/25.0/16.7 (BP = 1.000 ratio = 1.000 hyp_len = 6 ref_len = 6)",
            score.ToString());
    }

    [Fact]
    public void Compute_TwoSegments_SumsStatisticsBeforeScoring()
    {
        // Segment 1 as above: 5/6, 3/5, 1/4, 0/3 (6 vs 6 tokens). Segment 2 identical 4 tokens: 4/4, 3/3, 2/2, 1/1.
        // Sums: 9/10, 6/8, 3/6, 1/4 → p = 90, 75, 50, 25 (no smoothing: every order has a match).
        // BLEU = (90·75·50·25)^(1/4) = 8,437,500^(1/4) = 53.8956.
        var score = CorpusBleu.Compute(["the cat sat on the mat", "a b c d"], ["the cat is on the mat", "a b c d"]);
        Assert.Equal(Math.Pow(8_437_500.0, 0.25), score.Score, 1e-12);
        Assert.Equal("BLEU = 53.90 90.0/75.0/50.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 10 ref_len = 10)",
            score.ToString());
    }

    [Fact]
    public void Compute_ManySmoothedOrders_DividesByTwoFourEight()
    {
        // Alternate tokens differ: 1-grams a c e g i k m o match → 8/16; no 2-gram matches (0/15), nor 3 (0/14),
        // nor 4 (0/13): p = 50, 100/(2·15), 100/(4·14), 100/(8·13) = 50, 3.33, 1.79, 0.96.
        // BLEU = (50 · 10/3 · 25/14 · 25/26)^(1/4) = 4.1130.
        var score = CorpusBleu.Compute(["a b c d e f g h i j k l m n o p"], ["a x c x e x g x i x k x m x o x"]);
        Assert.Equal(Math.Pow(50 * (10.0 / 3) * (25.0 / 14) * (25.0 / 26), 0.25), score.Score, 1e-12);
        Assert.Equal("BLEU = 4.11 50.0/3.3/1.8/1.0 (BP = 1.000 ratio = 1.000 hyp_len = 16 ref_len = 16)",
            score.ToString());
    }

    [Fact]
    public void Compute_TwoReferences_TakesMaxCountPerNgram()
    {
        // hyp "the cat is here"; ref1 "the cat was here", ref2 "a cat is there".
        // 1-grams: the (ref1), cat, is (ref2), here (ref1) → 4/4. 2-grams: "the cat" (ref1), "cat is" (ref2),
        // "is here" (none) → 2/3. 3-grams 0/2 → 100/(2·2) = 25. 4-gram 0/1 → 100/(4·1) = 25.
        // BLEU = (100 · 200/3 · 25 · 25)^(1/4) = (12,500,000/3)^(1/4) = 45.1801.
        string[][] refs = [["the cat was here"], ["a cat is there"]];
        var score = CorpusBleu.Compute(["the cat is here"], refs);
        Assert.Equal(Math.Pow(12_500_000.0 / 3, 0.25), score.Score, 1e-12);
        Assert.Equal("BLEU = 45.18 100.0/66.7/25.0/25.0 (BP = 1.000 ratio = 1.000 hyp_len = 4 ref_len = 4)",
            score.ToString());
        Assert.Equal("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.4.3", score.Signature);
    }

    [Fact]
    public void Compute_RepeatedWord_ClippedAtBestReferenceCount()
    {
        // "the" ×3 in hyp; max over refs ("the cat": 1, "the the dog": 2) = 2 → 2/3. "the the" ×2 vs max 1 → 1/2.
        // "the the the" 0/1 → 100/(2·1) = 50. No 4-gram (total 0) → loop stops, p4 = 0 → BLEU 0.
        string[][] refs = [["the cat"], ["the the dog"]];
        var score = CorpusBleu.Compute(["the the the"], refs);
        Assert.Equal(new[] { 2, 1, 0, 0 }, score.Counts);
        Assert.Equal("BLEU = 0.00 66.7/50.0/50.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 3 ref_len = 3)",
            score.ToString());
    }

    [Theory]
    [InlineData("a b c", "a b c d e")]
    [InlineData("a b c d e", "a b c")]
    public void Compute_ReferenceLengthTie_UsesShorterReference(string ref1, string ref2)
    {
        // hyp has 4 tokens; refs have 3 and 5 (both 1 away) → ref_len 3 whatever the order; ratio 4/3 = 1.333.
        string[][] refs = [[ref1], [ref2]];
        var score = CorpusBleu.Compute(["a b c d"], refs);
        Assert.Equal(3, score.RefLength);
        Assert.Equal("BLEU = 100.00 100.0/100.0/100.0/100.0 (BP = 1.000 ratio = 1.333 hyp_len = 4 ref_len = 3)",
            score.ToString());
    }

    [Fact]
    public void Compute_DetokenizedVersusTokenized_SameTokensAfter13a()
    {
        // "Hello, world!" → "Hello , world !" (4 tokens, same as the reference) → 100; trailing "\t\r" stripped.
        var score = CorpusBleu.Compute(["Hello, world!\t\r"], ["Hello , world !"]);
        Assert.Equal(100.0, score.Score, 1e-12);
        Assert.Equal(4, score.HypLength);
    }

    [Fact]
    public void Compute_CaseDiffers_NoMatch()
    {
        // Case-sensitive: "The"≠"the", "Cat"≠"cat" → 0 matches → early exit, BLEU 0, all precisions 0.
        var score = CorpusBleu.Compute(["The Cat"], ["the cat"]);
        Assert.Equal("BLEU = 0.00 0.0/0.0/0.0/0.0 (BP = 1.000 ratio = 1.000 hyp_len = 2 ref_len = 2)",
            score.ToString());
    }

    [Fact]
    public void Score_ReusedReferences_SameAsOneShotAndUnchangedByUnknownWords()
    {
        string[] refs = ["the cat is on the mat", "a b c d"];
        string[] first = ["the cat sat on the mat", "a b c d"];
        var bleu = new CorpusBleu(refs);
        var before = bleu.Score(first);
        // Tokens no reference has count in the totals only: 3+1 = 4 unigrams, 2 bigrams, 1 trigram, 0 matches.
        var unknown = bleu.Score(["unknown words only", "zzz"]);
        Assert.Equal(new[] { 4, 2, 1, 0 }, unknown.Totals);
        Assert.Equal(0.0, unknown.Score);
        Assert.Equal(CorpusBleu.Compute(first, refs).Score, before.Score);
        Assert.Equal(before.Score, bleu.Score(first).Score);
    }

    [Fact]
    public void Score_WrongNumberOfHypotheses_Throws()
    {
        var bleu = new CorpusBleu(["a", "b"]);
        Assert.Throws<ArgumentException>(() => bleu.Score(["a"]));
    }
}
