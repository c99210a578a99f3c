using NmSparse.Masks;
using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class StudyClaimsTests : IDisposable
{
    private static readonly NmPattern OneEight = new(1, 8);
    private static readonly NmPattern TwoFour = new(2, 4);
    private readonly SyntheticRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    private IReadOnlyList<ClaimVerdict> Judge() => StudyClaims.Judge(new StudyRuns(RunCollector.Collect([_runs.Root])));

    /// <summary>
    /// dense valid BLEU 12, 13 (12.50 ± 0.71); srste 1:8 test 8, 9 (8.50 ± 0.71), valid 10, 11; mask-decay 1:8 test
    /// 9.5, 10.5 (10.00 ± 0.71); structure-decay 1:8 test 9.0, 9.4 (9.20 ± 0.28); gmp 1:8 test 10.4, 10.8
    /// (10.60 ± 0.28). FLOPs: srste 1000, mask-decay 1100 and 1120 (1110, 1.110×), structure-decay 1200 (1.200×).
    /// </summary>
    private void AddOneEightStudy()
    {
        _runs.Add("a/dense-s1", "dense", TwoFour, 1, 14, validBleu: 12, flops: 2000);
        _runs.Add("b/dense-s2", "dense", TwoFour, 2, 15, validBleu: 13, flops: 2000);
        _runs.Add("a/srste-s1", "srste", OneEight, 1, 8, validBleu: 10, flops: 1000);
        _runs.Add("b/srste-s2", "srste", OneEight, 2, 9, validBleu: 11, flops: 1000);
        _runs.Add("a/md-s1", "mask-decay", OneEight, 1, 9.5, flops: 1100);
        _runs.Add("a/md-s2", "mask-decay", OneEight, 2, 10.5, flops: 1120);
        _runs.Add("a/sd-s1", "structure-decay", OneEight, 1, 9.0, flops: 1200);
        _runs.Add("a/sd-s2", "structure-decay", OneEight, 2, 9.4, flops: 1200);
        _runs.Add("a/gmp-s1", "gmp", OneEight, 1, 10.4, flops: 1500);
        _runs.Add("a/gmp-s2", "gmp", OneEight, 2, 10.8, flops: 1500);
    }

    [Fact]
    public void Judge_SyntheticOneEightStudy_VerdictsAndNumbersAsHandComputed()
    {
        AddOneEightStudy();
        var claims = Judge();
        Assert.Equal(
            "- **holds** — regime check (valid set): dense beats srste 1:8 by ≥ 1 BLEU and beyond the seed spread: " +
            "dense valid BLEU 12.50 ± 0.71 (n=2) vs srste 1:8 10.50 ± 0.71 (n=2): gap 2.00 BLEU, seed spreads " +
            "together 1.41 (valid perplexity 20.00 ± 0.00 (n=2) vs 20.00 ± 0.00 (n=2))", claims[0].ToMarkdown());
        Assert.Equal(
            "- **holds** — at 1:8 the best decay recipe is ≥ srste + 1.0 BLEU: mask-decay 10.00 ± 0.71 (n=2) vs " +
            "srste 8.50 ± 0.71 (n=2): gap +1.50 BLEU", claims[1].ToMarkdown());
        Assert.Equal(
            "- **cannot be judged** — at 1:16 the best decay recipe beats srste: no runs of srste 1:16, " +
            "mask-decay 1:16, structure-decay 1:16", claims[2].ToMarkdown());
        Assert.Equal(
            "- **cannot be judged** — at 2:4 every decay recipe is at most 0.5 BLEU below dense: no runs of " +
            "mask-decay 2:4, structure-decay 2:4", claims[3].ToMarkdown());
        Assert.Equal(
            "- **does not hold** — at 1:8 the best N:M decay recipe is at most 0.5 BLEU below gmp at equal sparsity: " +
            "mask-decay 10.00 ± 0.71 (n=2) vs gmp 10.60 ± 0.28 (n=2): gap -0.60 BLEU",
            claims[4].ToMarkdown());
        Assert.Equal(
            "- **does not hold** — at 1:8 every decay recipe's training FLOPs are ≤ 1.15 × srste's: srste " +
            "1.000E+003 ± 0.0E+000 FLOPs (n=2); mask-decay 1.110E+003 ± 1.4E+001 FLOPs (n=2) = 1.110 × srste; " +
            "structure-decay 1.200E+003 ± 0.0E+000 FLOPs (n=2) = 1.200 × srste", claims[5].ToMarkdown());
        Assert.Equal(6, claims.Count);
    }

    [Fact]
    public void Judge_SrSteSeedTwoUnfinished_ClaimsNeedingItCannotBeJudgedAndNameIt()
    {
        AddOneEightStudy();
        File.Delete(Path.Combine(_runs.Root, "b/srste-s2/result.json"));
        var claims = Judge();
        Assert.Equal(Verdict.CannotBeJudged, claims[0].Verdict);
        Assert.Equal("missing runs srste-1x8-s2 (pending)", claims[0].Detail);
        Assert.Equal("missing runs srste-1x8-s2 (pending)", claims[1].Detail);
        Assert.Equal(Verdict.DoesNotHold, claims[4].Verdict); // decay vs gmp needs no srste run
    }

    [Fact]
    public void Judge_TwoFourDecayNearDense_HoldsWithEveryGapShown()
    {
        _runs.Add("dense-s1", "dense", TwoFour, 1, 10.0);
        _runs.Add("md-s1", "mask-decay", TwoFour, 1, 9.6);
        var claim = Judge()[3];
        Assert.Equal("at 2:4 every decay recipe is at most 0.5 BLEU below dense", claim.Claim);
        Assert.Equal(Verdict.Holds, claim.Verdict);
        Assert.Equal("dense 10.00 ± 0.00 (n=1); mask-decay 9.60 ± 0.00 (n=1) (-0.40 vs dense)", claim.Detail);
    }
}
