using System.Globalization;
using System.Text;
using NmSparse.Masks;
using NmSparse.Translation.Study;

namespace NmSparse.Vision.Study;

/// <summary>
/// The vision study's claims, judged from the runs like the translation study's (<see cref="StudyClaims"/>), in
/// top-1 accuracy points; each group shows its mean ± sample std (n) beside the gap, and a claim whose runs have
/// not all finished is "cannot be judged", naming them.
/// <list type="bullet">
/// <item>Regime check (valid top-1): dense beats srste 1:8 by ≥ 1 point and by more than the two seed spreads.</item>
/// <item>At 1:8 the best decay recipe (highest mean test top-1) is ≥ srste + 1 point.</item>
/// <item>At 2:4 every decay recipe is at most 0.5 point below dense in test top-1 (being ahead holds).</item>
/// </list>
/// </summary>
public static class VisionClaims
{
    public const double RegimeGap = 1.0;
    public const double DecayOverSrSteAt1x8 = 1.0;
    public const double DenseTolerance = 0.5;

    private static readonly NmPattern OneEight = new(1, 8);
    private static readonly NmPattern TwoFour = new(2, 4);

    public static IReadOnlyList<ClaimVerdict> Judge(IReadOnlyList<VisionScore> runs)
    {
        var decays = runs.Where(r => r.Cell.IsDecay).Select(r => r.Cell.Recipe).Distinct().Order(StringComparer.Ordinal)
            .ToList();
        return [Regime(runs), DecayVersusSrSte(runs, decays), DecayNearDense(runs, decays)];
    }

    /// <summary>Mean ± std (n) of test top-1 per recipe × N:M (columns: dense, then the patterns densest first).</summary>
    public static string MeansTable(IReadOnlyList<VisionScore> runs)
    {
        var patterns = runs.Select(r => r.Cell.Pattern).Distinct().OrderByDescending(p => p?.Density ?? 1.0).ToList();
        var md = new StringBuilder("| recipe | " + string.Join(" | ", patterns.Select(p => p?.ToString() ?? "dense")));
        md.Append(" |\n|---|" + string.Concat(patterns.Select(_ => "---|")) + "\n");
        foreach (string recipe in runs.Select(r => r.Cell.Recipe).Distinct())
        {
            var cells = patterns.Select(p => Stats(runs, recipe, p, r => r.TestAccuracy)?.Format() ?? "");
            md.Append($"| {recipe} | {string.Join(" | ", cells)} |\n");
        }
        return md.ToString();
    }

    private static ClaimVerdict Regime(IReadOnlyList<VisionScore> runs)
    {
        const string claim = "regime check (valid set): dense beats srste 1:8 by ≥ 1 point and beyond the seed spread";
        if (Unjudgeable(runs, claim, ("dense", null), ("srste", OneEight)) is { } cannot) return cannot;
        var dense = Stats(runs, "dense", null, r => r.ValidAccuracy)!.Value;
        var srste = Stats(runs, "srste", OneEight, r => r.ValidAccuracy)!.Value;
        double gap = dense.Mean - srste.Mean, spread = dense.Std + srste.Std;
        return new ClaimVerdict(claim, gap >= RegimeGap && gap > spread ? Verdict.Holds : Verdict.DoesNotHold,
            Invariant($"dense valid top-1 {dense.Format()} vs srste 1:8 {srste.Format()}: gap {gap:+0.00;-0.00} ")
            + Invariant($"points, seed spreads together {spread:F2}"));
    }

    private static ClaimVerdict DecayVersusSrSte(IReadOnlyList<VisionScore> runs, List<string> decays)
    {
        string claim = Invariant($"at 1:8 the best decay recipe is ≥ srste + {DecayOverSrSteAt1x8:F1} points");
        var needed = decays.Select(d => (d, (NmPattern?)OneEight)).Prepend(("srste", OneEight)).ToArray();
        if (decays.Count == 0) return new ClaimVerdict(claim, Verdict.CannotBeJudged, "no decay recipe in the runs");
        if (Unjudgeable(runs, claim, needed) is { } cannot) return cannot;
        var (best, bestStats) = decays.Select(d => (d, Stats(runs, d, OneEight, r => r.TestAccuracy)!.Value))
            .MaxBy(x => x.Item2.Mean);
        var srste = Stats(runs, "srste", OneEight, r => r.TestAccuracy)!.Value;
        double gap = bestStats.Mean - srste.Mean;
        return new ClaimVerdict(claim, gap >= DecayOverSrSteAt1x8 ? Verdict.Holds : Verdict.DoesNotHold,
            Invariant($"{best} {bestStats.Format()} vs srste {srste.Format()}: gap {gap:+0.00;-0.00} points"));
    }

    private static ClaimVerdict DecayNearDense(IReadOnlyList<VisionScore> runs, List<string> decays)
    {
        string claim = Invariant($"at 2:4 every decay recipe is at most {DenseTolerance:F1} point below dense");
        var needed = decays.Select(d => (d, (NmPattern?)TwoFour)).Prepend(("dense", null)).ToArray();
        if (decays.Count == 0) return new ClaimVerdict(claim, Verdict.CannotBeJudged, "no decay recipe in the runs");
        if (Unjudgeable(runs, claim, needed) is { } cannot) return cannot;
        var dense = Stats(runs, "dense", null, r => r.TestAccuracy)!.Value;
        var gaps = decays.Select(d => (d, Stats(runs, d, TwoFour, r => r.TestAccuracy)!.Value)).ToList();
        bool holds = gaps.All(g => dense.Mean - g.Item2.Mean <= DenseTolerance);
        return new ClaimVerdict(claim, holds ? Verdict.Holds : Verdict.DoesNotHold,
            Invariant($"dense {dense.Format()}; ") + string.Join("; ", gaps.Select(g =>
                Invariant($"{g.d} {g.Item2.Format()} ({g.Item2.Mean - dense.Mean:+0.00;-0.00} vs dense)"))));
    }

    private static SeedStats? Stats(IReadOnlyList<VisionScore> runs, string recipe, NmPattern? pattern,
        Func<VisionScore, double?> metric) =>
        SeedStats.Of(Group(runs, recipe, pattern).Where(r => r.Status == RunStatus.Done)
            .Select(r => metric(r)).OfType<double>());

    private static IEnumerable<VisionScore> Group(IReadOnlyList<VisionScore> runs, string recipe, NmPattern? pattern) =>
        runs.Where(r => r.Cell.Recipe == recipe && r.Cell.Pattern == pattern);

    /// <summary>"cannot be judged" naming the groups without runs and the unfinished runs; null when all are done.</summary>
    private static ClaimVerdict? Unjudgeable(IReadOnlyList<VisionScore> runs, string claim,
        params (string Recipe, NmPattern? Pattern)[] groups)
    {
        var problems = new List<string>();
        foreach (var (recipe, pattern) in groups)
        {
            var group = Group(runs, recipe, pattern).ToList();
            string label = pattern is { } p ? $"{recipe} {p}" : recipe;
            if (group.Count == 0) problems.Add($"no runs of {label}");
            problems.AddRange(group.Where(r => r.Status != RunStatus.Done)
                .Select(r => $"{r.Cell.Name} {r.Status.ToString().ToLowerInvariant()}"));
        }
        return problems.Count == 0 ? null : new ClaimVerdict(claim, Verdict.CannotBeJudged, string.Join(", ", problems));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
