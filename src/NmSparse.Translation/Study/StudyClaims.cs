using System.Globalization;
using NmSparse.Masks;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// The study's claims, judged from the runs: each compares group means over seeds and shows every group's mean ±
/// sample std (n) beside the gap. A claim is judged only when every run it needs has finished; otherwise it names
/// the missing (pending, partial, failed) runs, or the group that has no run at all.
/// <list type="bullet">
/// <item>Regime check (valid BLEU): dense beats srste 1:8 by ≥ 1 BLEU and by more than the two seed spreads
/// (std of dense + std of srste) together.</item>
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

    private static readonly NmPattern OneEight = new(1, 8);
    private static readonly NmPattern OneSixteen = new(1, 16);
    private static readonly NmPattern TwoFour = new(2, 4);

    public static IReadOnlyList<ClaimVerdict> Judge(StudyRuns runs)
    {
        var claims = new List<ClaimVerdict> { Regime(runs) };
        claims.Add(DecayVersusSrSte(runs, OneEight, DecayOverSrSteAt1x8));
        claims.Add(DecayVersusSrSte(runs, OneSixteen, 0.0));
        claims.Add(DecayNearDense(runs));
        foreach (var pattern in runs.Patterns) claims.Add(DecayNearUnstructured(runs, pattern));
        foreach (var pattern in runs.Patterns) claims.Add(DecayFlops(runs, pattern));
        return claims;
    }

    /// <summary>The regime check on the valid set (see the class summary).</summary>
    public static ClaimVerdict Regime(StudyRuns runs)
    {
        const string claim = "regime check (valid set): dense beats srste 1:8 by ≥ 1 BLEU and beyond the seed spread";
        if (Missing(runs, ("dense", null), ("srste", OneEight)) is { } missing) return missing with { Claim = claim };
        var dense = runs.Stats("dense", null, r => r.ValidBleu)!.Value;
        var srste = runs.Stats("srste", OneEight, r => r.ValidBleu)!.Value;
        double gap = dense.Mean - srste.Mean;
        double spread = dense.Std + srste.Std;
        bool holds = gap >= RegimeGap && gap > spread;
        var ppl = (runs.Stats("dense", null, r => r.ValidPerplexity)!.Value,
            runs.Stats("srste", OneEight, r => r.ValidPerplexity)!.Value);
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"dense valid BLEU {dense.Format()} vs srste 1:8 {srste.Format()}: gap {gap:F2} BLEU, ") + Invariant(
            $"seed spreads together {spread:F2} (valid perplexity {ppl.Item1.Format()} vs {ppl.Item2.Format()})"));
    }

    private static ClaimVerdict DecayVersusSrSte(StudyRuns runs, NmPattern pattern, double margin)
    {
        string claim = margin > 0
            ? Invariant($"at {pattern} the best decay recipe is ≥ srste + {margin:F1} BLEU")
            : $"at {pattern} the best decay recipe beats srste";
        if (Unjudgeable(runs, claim, ("srste", pattern), pattern) is { } cannot) return cannot;
        var decays = runs.DecayRecipes;
        var (best, bestStats) = Best(runs, decays, pattern);
        var srste = TestBleu(runs, "srste", pattern);
        double gap = bestStats.Mean - srste.Mean;
        bool holds = margin > 0 ? gap >= margin : gap > 0;
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"{best} {bestStats.Format()} vs srste {srste.Format()}: gap {gap:+0.00;-0.00} BLEU"));
    }

    private static ClaimVerdict DecayNearDense(StudyRuns runs)
    {
        string claim = Invariant($"at {TwoFour} every decay recipe is at most {DenseTolerance:F1} BLEU below dense");
        if (Unjudgeable(runs, claim, ("dense", null), TwoFour) is { } cannot) return cannot;
        var decays = runs.DecayRecipes;
        var dense = TestBleu(runs, "dense", null);
        var gaps = decays.Select(d => (d, TestBleu(runs, d, TwoFour))).ToList();
        bool holds = gaps.All(g => dense.Mean - g.Item2.Mean <= DenseTolerance);
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"dense {dense.Format()}; ") + string.Join("; ", gaps.Select(g => Invariant(
                $"{g.d} {g.Item2.Format()} ({g.Item2.Mean - dense.Mean:+0.00;-0.00} vs dense)"))));
    }

    private static ClaimVerdict DecayNearUnstructured(StudyRuns runs, NmPattern pattern)
    {
        string claim = Invariant($"at {pattern} the best N:M decay recipe is at most {UnstructuredTolerance:F1} BLEU below ")
            + "gmp at equal sparsity";
        if (Unjudgeable(runs, claim, ("gmp", pattern), pattern) is { } cannot) return cannot;
        var decays = runs.DecayRecipes;
        var (best, bestStats) = Best(runs, decays, pattern);
        var gmp = TestBleu(runs, "gmp", pattern);
        double gap = bestStats.Mean - gmp.Mean;
        return new ClaimVerdict(claim, -gap <= UnstructuredTolerance ? Verdict.Holds : Verdict.DoesNotHold,
            Invariant($"{best} {bestStats.Format()} vs gmp {gmp.Format()}: gap {gap:+0.00;-0.00} BLEU"));
    }

    private static ClaimVerdict DecayFlops(StudyRuns runs, NmPattern pattern)
    {
        string claim = Invariant($"at {pattern} every decay recipe's training FLOPs are ≤ {FlopFactor:F2} × srste's");
        if (Unjudgeable(runs, claim, ("srste", pattern), pattern) is { } cannot) return cannot;
        var decays = runs.DecayRecipes;
        var srste = runs.Stats("srste", pattern, r => r.TrainingFlops)!.Value;
        var ratios = decays.Select(d => (d, runs.Stats(d, pattern, r => r.TrainingFlops)!.Value)).ToList();
        bool holds = ratios.All(r => r.Item2.Mean <= FlopFactor * srste.Mean);
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"srste {Flops(srste)}; ") + string.Join("; ", ratios.Select(r => Invariant(
                $"{r.d} {Flops(r.Item2)} = {r.Item2.Mean / srste.Mean:F3} × srste"))));
    }

    /// <summary>The decay recipe of highest mean test BLEU at <paramref name="pattern"/> (first on ties).</summary>
    private static (string Recipe, SeedStats Stats) Best(StudyRuns runs, IReadOnlyList<string> decays,
        NmPattern pattern) =>
        decays.Select(d => (d, TestBleu(runs, d, pattern))).MaxBy(x => x.Item2.Mean);

    private static SeedStats TestBleu(StudyRuns runs, string recipe, NmPattern? pattern) =>
        runs.Stats(recipe, pattern, r => r.TestBleu)!.Value;

    /// <summary>"cannot be judged" naming the unfinished runs or a group without runs; null when all are done.
    /// </summary>
    private static ClaimVerdict? Missing(StudyRuns runs, params (string Recipe, NmPattern? Pattern)[] groups)
    {
        var absent = new List<string>();
        var unfinished = new List<string>();
        foreach (var (recipe, pattern) in groups)
        {
            var group = runs.Group(recipe, pattern);
            if (group.Count == 0) absent.Add(recipe == "dense" ? "dense" : $"{recipe} {pattern}");
            unfinished.AddRange(group.Where(r => r.Result is null).Select(r => $"{r.Cell.Name} ({Status(r)})"));
        }
        if (absent.Count == 0 && unfinished.Count == 0) return null;
        var parts = new List<string>();
        if (unfinished.Count > 0) parts.Add("missing runs " + string.Join(", ", unfinished));
        if (absent.Count > 0) parts.Add("no runs of " + string.Join(", ", absent));
        return new ClaimVerdict("", Verdict.CannotBeJudged, string.Join("; ", parts));
    }

    /// <summary>
    /// "cannot be judged" when a run of <paramref name="other"/> or of a decay recipe at
    /// <paramref name="decayPattern"/> is unfinished or there is none; null when the claim can be judged.
    /// </summary>
    private static ClaimVerdict? Unjudgeable(StudyRuns runs, string claim, (string, NmPattern?) other,
        NmPattern decayPattern)
    {
        var decays = runs.DecayRecipes;
        if (Missing(runs, [other, .. decays.Select(d => (d, (NmPattern?)decayPattern))]) is { } missing)
            return missing with { Claim = claim };
        return decays.Count == 0
            ? new ClaimVerdict(claim, Verdict.CannotBeJudged, $"no runs of decay recipes at {decayPattern}")
            : null;
    }

    private static string Status(StudyRun run) => run.Status.ToString().ToLowerInvariant();

    private static string Flops(SeedStats stats) => Invariant(
        $"{stats.Mean:E3} ± {stats.Std:E1} FLOPs (n={stats.N})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
