using NmSparse.Masks;
using NmSparse.Translation.Study;

namespace NmSparse.Vision.Study;

/// <summary>
/// The vision study's claims in top-1 accuracy points, judged by the same <see cref="ClaimRules{TRun}"/> as the
/// translation study's (<see cref="StudyClaims"/>):
/// <list type="bullet">
/// <item>Regime check (valid top-1): dense beats srste 1:8 by ≥ 1 point and by more than the two seed spreads.</item>
/// <item>At 1:8 the best decay recipe (highest mean test top-1) is ≥ srste + 1 point.</item>
/// <item>At 2:4 every decay recipe is at most 0.5 points below dense in test top-1 (being ahead holds).</item>
/// </list>
/// </summary>
public static class VisionClaims
{
    public const double RegimeGap = 1.0;
    public const double DecayOverSrSteAt1x8 = 1.0;
    public const double DenseTolerance = 0.5;

    private static readonly ClaimMetric<VisionScore> TopOne =
        new("top-1", "points", r => r.TestAccuracy, r => r.ValidAccuracy, UnitOfOne: "point");

    public static IReadOnlyList<ClaimVerdict> Judge(IReadOnlyList<VisionScore> runs)
    {
        var rules = new ClaimRules<VisionScore>(new ScoredRuns<VisionScore>(runs), TopOne);
        return
        [
            rules.Regime(RegimeGap),
            rules.DecayVersusSrSte(new NmPattern(1, 8), DecayOverSrSteAt1x8),
            rules.DecayNearDense(new NmPattern(2, 4), DenseTolerance),
        ];
    }

    /// <summary>Mean ± std (n) of test top-1 per recipe × N:M (columns: dense, then the patterns densest first).</summary>
    public static string MeansTable(IReadOnlyList<VisionScore> runs) =>
        SeedMeansTable.Write(new ScoredRuns<VisionScore>(runs), r => r.TestAccuracy, "F2");
}
