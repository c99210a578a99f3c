using NmSparse.Masks;
using NmSparse.Translation.Study;
using NmSparse.Vision.Study;

namespace NmSparse.Vision.Tests.Study;

public class VisionClaimsTests
{
    private static readonly NmPattern OneEight = new(1, 8);
    private static readonly NmPattern TwoFour = new(2, 4);

    private static VisionScore Done(string recipe, NmPattern? pattern, int seed, double test, double valid) =>
        new(new StudyCell(recipe, pattern, seed), RunStatus.Done, test, valid);

    // dense test 89, 91 (mean 90, std √2 = 1.41), valid 90, 92 (91 ± 1.41); srste 1:8 test 86, 86, valid 88, 88;
    // mask-decay 1:8 test 87.5, 88.5 (88 ± 0.71); mask-decay 2:4 test 89.7 (n=1: −0.30 vs dense).
    private static List<VisionScore> Runs() =>
    [
        Done("dense", null, 1, 89, 90), Done("dense", null, 2, 91, 92),
        Done("srste", OneEight, 1, 86, 88), Done("srste", OneEight, 2, 86, 88),
        Done("mask-decay", OneEight, 1, 87.5, 87), Done("mask-decay", OneEight, 2, 88.5, 87),
        Done("mask-decay", TwoFour, 1, 89.7, 90),
    ];

    [Fact]
    public void Judge_HandComputedStudy_VerdictsAndNumbers()
    {
        var claims = VisionClaims.Judge(Runs());

        Assert.Equal("- **holds** — regime check (valid set): dense beats srste 1:8 by ≥ 1 point and beyond the seed " +
            "spread: dense valid top-1 91.00 ± 1.41 (n=2) vs srste 1:8 88.00 ± 0.00 (n=2): gap 3.00 points, seed " +
            "spreads together 1.41", claims[0].ToMarkdown());
        Assert.Equal("- **holds** — at 1:8 the best decay recipe is ≥ srste + 1.0 point: mask-decay 88.00 ± 0.71 " +
            "(n=2) vs srste 86.00 ± 0.00 (n=2): gap +2.00 points", claims[1].ToMarkdown());
        Assert.Equal("- **holds** — at 2:4 every decay recipe is at most 0.5 points below dense: dense 90.00 ± 1.41 " +
            "(n=2); mask-decay 89.70 ± 0.00 (n=1) (-0.30 vs dense)", claims[2].ToMarkdown());
    }

    [Fact]
    public void Judge_SparseAheadOfDenseOnValid_RegimeDoesNotHold_DecayTooFarBelowDense_DoesNotHold()
    {
        var runs = Runs();
        runs[2] = Done("srste", OneEight, 1, 86, 91.5); // srste valid 91.5, 88: mean 89.75, gap 1.25 < spreads 3.89
        runs[6] = Done("mask-decay", TwoFour, 1, 89.4, 90); // −0.60 vs dense

        var claims = VisionClaims.Judge(runs);

        Assert.Equal(Verdict.DoesNotHold, claims[0].Verdict);
        Assert.EndsWith("gap 1.25 points, seed spreads together 3.89", claims[0].Detail);
        Assert.Equal(Verdict.DoesNotHold, claims[2].Verdict);
        Assert.EndsWith("mask-decay 89.40 ± 0.00 (n=1) (-0.60 vs dense)", claims[2].Detail);
    }

    [Fact]
    public void Judge_UnfinishedAndAbsentRuns_CannotBeJudgedNamingThem()
    {
        var runs = Runs().Where(r => r.Cell.Pattern != TwoFour).ToList();
        runs.Add(new VisionScore(new StudyCell("srste", OneEight, 3), RunStatus.Partial, null, null));
        runs.Add(new VisionScore(new StudyCell("structure-decay", TwoFour, 1), RunStatus.Pending, null, null));

        var claims = VisionClaims.Judge(runs);

        Assert.Equal("- **cannot be judged** — regime check (valid set): dense beats srste 1:8 by ≥ 1 point and " +
            "beyond the seed spread: missing runs srste-1x8-s3 (partial)", claims[0].ToMarkdown());
        Assert.Equal("missing runs srste-1x8-s3 (partial); no runs of structure-decay 1:8", claims[1].Detail);
        Assert.Equal("missing runs structure-decay-2x4-s1 (pending); no runs of mask-decay 2:4", claims[2].Detail);
    }

    [Fact]
    public void MeansTable_DenseColumnFirstThenDensestPattern()
    {
        Assert.Equal(
            "| recipe | dense | 2:4 | 1:8 |\n|---|---|---|---|\n" +
            "| dense | 90.00 ± 1.41 (n=2) |  |  |\n" +
            "| srste |  |  | 86.00 ± 0.00 (n=2) |\n" +
            "| mask-decay |  | 89.70 ± 0.00 (n=1) | 88.00 ± 0.71 (n=2) |\n",
            VisionClaims.MeansTable(Runs()));
    }
}
