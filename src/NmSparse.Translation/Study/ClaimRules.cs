using NmSparse.Masks;
using static System.FormattableString;

namespace NmSparse.Translation.Study;

/// <summary>
/// The claims every task's study judges, over its runs and score (<see cref="ClaimMetric{TRun}"/>): each compares
/// group means over seeds and shows every group's mean ± sample std (n) beside the gap. A claim is judged only when
/// every run it needs has finished; otherwise it names the missing (pending, partial, failed) runs, or the group
/// that has no run at all. Comparisons with a tolerance are one-sided: being ahead holds.
/// </summary>
public sealed class ClaimRules<TRun>(ScoredRuns<TRun> runs, ClaimMetric<TRun> metric) where TRun : IScoredRun
{
    private static readonly NmPattern OneEight = new(1, 8);

    /// <summary>Regime check on the valid set: dense beats srste 1:8 by ≥ <paramref name="gapAtLeast"/> and by more
    /// than the two seed spreads (std of dense + std of srste) together.</summary>
    public ClaimVerdict Regime(double gapAtLeast)
    {
        string claim = $"regime check (valid set): dense beats srste 1:8 by ≥ {metric.Amount(gapAtLeast, "0.#")} "
            + "and beyond the seed spread";
        if (Missing(("dense", null), ("srste", OneEight)) is { } missing) return missing with { Claim = claim };
        var dense = runs.Stats("dense", null, metric.Valid)!.Value;
        var srste = runs.Stats("srste", OneEight, metric.Valid)!.Value;
        double gap = dense.Mean - srste.Mean;
        double spread = dense.Std + srste.Std;
        bool holds = gap >= gapAtLeast && gap > spread;
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"dense valid {metric.Name} {dense.Format()} vs srste 1:8 {srste.Format()}: gap {gap:F2} {metric.Unit}, ")
            + Invariant($"seed spreads together {spread:F2}"));
    }

    /// <summary>At <paramref name="pattern"/> the best decay recipe (highest mean test score) is ≥ srste +
    /// <paramref name="margin"/>, or beats srste when the margin is 0.</summary>
    public ClaimVerdict DecayVersusSrSte(NmPattern pattern, double margin)
    {
        string claim = margin > 0
            ? $"at {pattern} the best decay recipe is ≥ srste + {metric.Amount(margin, "F1")}"
            : $"at {pattern} the best decay recipe beats srste";
        if (Unjudgeable(claim, ("srste", pattern), pattern) is { } cannot) return cannot;
        var (best, bestStats) = Best(pattern);
        var srste = Test("srste", pattern);
        double gap = bestStats.Mean - srste.Mean;
        bool holds = margin > 0 ? gap >= margin : gap > 0;
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"{best} {bestStats.Format()} vs srste {srste.Format()}: gap {gap:+0.00;-0.00} {metric.Unit}"));
    }

    /// <summary>At <paramref name="pattern"/> every decay recipe is at most <paramref name="tolerance"/> below dense.
    /// </summary>
    public ClaimVerdict DecayNearDense(NmPattern pattern, double tolerance)
    {
        string claim = $"at {pattern} every decay recipe is at most {metric.Amount(tolerance, "F1")} below dense";
        if (Unjudgeable(claim, ("dense", null), pattern) is { } cannot) return cannot;
        var dense = Test("dense", null);
        var gaps = runs.DecayRecipes.Select(d => (d, Test(d, pattern))).ToList();
        bool holds = gaps.All(g => dense.Mean - g.Item2.Mean <= tolerance);
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"dense {dense.Format()}; ") + string.Join("; ", gaps.Select(g => Invariant(
                $"{g.d} {g.Item2.Format()} ({g.Item2.Mean - dense.Mean:+0.00;-0.00} vs dense)"))));
    }

    /// <summary>At <paramref name="pattern"/> the best N:M decay recipe is at most <paramref name="tolerance"/> below
    /// gmp at the same density.</summary>
    public ClaimVerdict DecayNearUnstructured(NmPattern pattern, double tolerance)
    {
        string claim = $"at {pattern} the best N:M decay recipe is at most {metric.Amount(tolerance, "F1")} below "
            + "gmp at equal sparsity";
        if (Unjudgeable(claim, ("gmp", pattern), pattern) is { } cannot) return cannot;
        var (best, bestStats) = Best(pattern);
        var gmp = Test("gmp", pattern);
        double gap = bestStats.Mean - gmp.Mean;
        return new ClaimVerdict(claim, -gap <= tolerance ? Verdict.Holds : Verdict.DoesNotHold,
            Invariant($"{best} {bestStats.Format()} vs gmp {gmp.Format()}: gap {gap:+0.00;-0.00} {metric.Unit}"));
    }

    /// <summary>At <paramref name="pattern"/> every decay recipe's mean training FLOPs are ≤
    /// <paramref name="factor"/> × srste's.</summary>
    public ClaimVerdict DecayFlops(NmPattern pattern, double factor, Func<TRun, double?> flops)
    {
        string claim = Invariant($"at {pattern} every decay recipe's training FLOPs are ≤ {factor:F2} × srste's");
        if (Unjudgeable(claim, ("srste", pattern), pattern) is { } cannot) return cannot;
        var srste = runs.Stats("srste", pattern, flops)!.Value;
        var ratios = runs.DecayRecipes.Select(d => (d, runs.Stats(d, pattern, flops)!.Value)).ToList();
        bool holds = ratios.All(r => r.Item2.Mean <= factor * srste.Mean);
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold, Invariant(
            $"srste {Flops(srste)}; ") + string.Join("; ", ratios.Select(r => Invariant(
                $"{r.d} {Flops(r.Item2)} = {r.Item2.Mean / srste.Mean:F3} × srste"))));
    }

    /// <summary>The decay recipe of highest mean test score at <paramref name="pattern"/> (first on ties).</summary>
    private (string Recipe, SeedStats Stats) Best(NmPattern pattern) =>
        runs.DecayRecipes.Select(d => (d, Test(d, pattern))).MaxBy(x => x.Item2.Mean);

    private SeedStats Test(string recipe, NmPattern? pattern) => runs.Stats(recipe, pattern, metric.Test)!.Value;

    /// <summary>"cannot be judged" naming the unfinished runs or a group without runs; null when all are done.
    /// </summary>
    private ClaimVerdict? Missing(params (string Recipe, NmPattern? Pattern)[] groups)
    {
        var absent = new List<string>();
        var unfinished = new List<string>();
        foreach (var (recipe, pattern) in groups)
        {
            var group = runs.Group(recipe, pattern);
            if (group.Count == 0) absent.Add(recipe == "dense" ? "dense" : $"{recipe} {pattern}");
            unfinished.AddRange(group.Where(r => r.Status != RunStatus.Done)
                .Select(r => $"{r.Cell.Name} ({r.Status.ToString().ToLowerInvariant()})"));
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
    private ClaimVerdict? Unjudgeable(string claim, (string, NmPattern?) other, NmPattern decayPattern)
    {
        var decays = runs.DecayRecipes;
        if (Missing([other, .. decays.Select(d => (d, (NmPattern?)decayPattern))]) is { } missing)
            return missing with { Claim = claim };
        return decays.Count == 0
            ? new ClaimVerdict(claim, Verdict.CannotBeJudged, $"no runs of decay recipes at {decayPattern}")
            : null;
    }

    private static string Flops(SeedStats stats) => Invariant(
        $"{stats.Mean:E3} ± {stats.Std:E1} FLOPs (n={stats.N})");
}
