using NmSparse.Masks;

namespace NmSparse.Translation.Study;

/// <summary>
/// The translation study's claims in BLEU, judged by <see cref="ClaimRules{TRun}"/> (mean ± sample std (n) of
/// every group beside the gap; "cannot be judged" naming what is missing):
/// <list type="bullet">
/// <item>Regime check (valid BLEU): dense beats srste 1:8 by ≥ 1 BLEU and by more than the two seed spreads
/// together; the valid perplexities are shown beside it.</item>
/// <item>At 1:8 the best decay recipe (highest mean test BLEU) is ≥ srste + 1.0 BLEU; at 1:16 it beats srste.</item>
/// <item>At 2:4 every decay recipe is at most 0.5 test BLEU below dense (one-sided: being ahead holds).</item>
/// <item>At each N:M the best decay recipe is at most 0.5 test BLEU below gmp at the same density (one-sided).</item>
/// <item>At each N:M every decay recipe's mean training FLOPs are ≤ 1.15 × srste's.</item>
/// </list>
/// </summary>
public static class StudyClaims
{
    public const double RegimeGap = 1.0;
    public const double DecayOverSrSteAt1x8 = 1.0;
    public const double DenseTolerance = 0.5;
    public const double UnstructuredTolerance = 0.5;
    public const double FlopFactor = 1.15;

    private static readonly ClaimMetric<StudyRun> Bleu =
        new("BLEU", "BLEU", r => r.Result?.TestBleu, r => r.Result?.ValidBleu);

    public static IReadOnlyList<ClaimVerdict> Judge(StudyRuns runs)
    {
        var rules = new ClaimRules<StudyRun>(runs, Bleu);
        var claims = new List<ClaimVerdict>
        {
            Regime(runs),
            rules.DecayVersusSrSte(new NmPattern(1, 8), DecayOverSrSteAt1x8),
            rules.DecayVersusSrSte(new NmPattern(1, 16), 0.0),
            rules.DecayNearDense(new NmPattern(2, 4), DenseTolerance),
        };
        claims.AddRange(runs.Patterns.Select(p => rules.DecayNearUnstructured(p, UnstructuredTolerance)));
        claims.AddRange(runs.Patterns.Select(p => rules.DecayFlops(p, FlopFactor, r => r.Result?.TrainingFlops)));
        return claims;
    }

    /// <summary>The regime check on the valid set, with both groups' valid perplexity beside it once judged.</summary>
    public static ClaimVerdict Regime(StudyRuns runs)
    {
        var verdict = new ClaimRules<StudyRun>(runs, Bleu).Regime(RegimeGap);
        if (verdict.Verdict == Verdict.CannotBeJudged) return verdict;
        var dense = runs.Stats("dense", null, r => r.Result?.ValidPerplexity)!.Value;
        var srste = runs.Stats("srste", new NmPattern(1, 8), r => r.Result?.ValidPerplexity)!.Value;
        return verdict with { Detail = $"{verdict.Detail} (valid perplexity {dense.Format()} vs {srste.Format()})" };
    }
}
