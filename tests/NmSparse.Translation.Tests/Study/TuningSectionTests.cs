using NmSparse.Masks;
using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class TuningSectionTests : IDisposable
{
    private static readonly NmPattern OneEight = new(1, 8);
    private readonly SyntheticRuns _runs = new();

    public void Dispose() => _runs.Dispose();

    private string TuningRoot => Path.Combine(_runs.Root, "tuning");
    private string GridRoot => Path.Combine(_runs.Root, "grid");

    /// <summary>
    /// Tuning (tiny preset: 40 steps, fine-tune from 36): mask-decay 1:8 with the defaults (α = 2/36: β = 0 from step
    /// 18; valid ppl 28.5, BLEU 8.0), α = 1/4 (β = 0 from 4; <paramref name="quarterPpl"/>,
    /// <paramref name="quarterBleu"/>) and an unfinished α = 1/2. Grid: mask-decay 1:8 seeds with valid ppl 29, 30
    /// and valid BLEU 8, 9 (std 0.71 each).
    /// </summary>
    private void AddRuns(double quarterPpl = 28.0, double quarterBleu = 8.3)
    {
        _runs.Add("tuning/v-default", "mask-decay", OneEight, 1, 7.0, validBleu: 8.0, validPerplexity: 28.5);
        _runs.Add("tuning/v-pending", "mask-decay", OneEight, 1, null, alpha: 0.5);
        _runs.Add("tuning/v-quarter", "mask-decay", OneEight, 1, 7.0, validBleu: quarterBleu,
            validPerplexity: quarterPpl, alpha: 0.25);
        _runs.Add("grid/md-s1", "mask-decay", OneEight, 1, 7.5, validBleu: 8, validPerplexity: 29);
        _runs.Add("grid/md-s2", "mask-decay", OneEight, 2, 7.5, validBleu: 9, validPerplexity: 30);
    }

    private string Section() => TuningSection.Write(TuningSection.Collect([TuningRoot]),
        new StudyRuns(RunCollector.Collect([GridRoot])), ["tuning"]);

    [Fact]
    public void Write_VariantsOfOneCell_OneRowEachWithSchedule_GapsWithinTheSeedSpread_DefaultsStay()
    {
        AddRuns();

        Assert.Equal(
            "## Defaults tuned on the valid set\n\nRuns from `tuning`: 3 runs, 2 finished. The choice uses the valid " +
            "set only, so no test numbers are shown.\n\n" +
            "| run | recipe | N:M | steps | schedule | valid BLEU | valid ppl | FLOPs vs dense |\n" +
            "|---|---|---|---|---|---|---|---|\n" +
            "| v-default | mask-decay | 1:8 | 40 | sparse 1:8 from 0, β = 0 from 18, fine-tune from 36 | 8.00 | 28.50 | " +
            "0.500 |\n" +
            "| v-pending | mask-decay | 1:8 | 40 | sparse 1:8 from 0, β = 0 from 2, fine-tune from 36 |  |  |  |\n" +
            "| v-quarter | mask-decay | 1:8 | 40 | sparse 1:8 from 0, β = 0 from 4, fine-tune from 36 | 8.30 | 28.00 | " +
            "0.500 |\n\n" +
            "- mask-decay 1:8: lowest valid perplexity v-quarter (28.00, valid BLEU 8.30); v-default +0.50 ppl, " +
            "-0.30 BLEU. Seed spread of mask-decay 1:8 in the grid (its own length; std, n=2): valid perplexity " +
            "0.71, valid BLEU 0.71. Defaults: v-default; a variant replaces them only when ahead by more than the " +
            "seed spread in both valid perplexity and valid BLEU: none is, so the defaults stay.\n\n", Section());
    }

    [Fact]
    public void Write_VariantAheadBeyondBothSpreads_IsNamedToReplaceTheDefaults()
    {
        AddRuns(quarterPpl: 27.7, quarterBleu: 8.8); // 0.80 ppl lower and 0.80 BLEU higher, both > 0.71

        Assert.EndsWith("valid perplexity and valid BLEU: v-quarter.\n\n", Section());
    }

    [Fact]
    public void Write_OnlyPerplexityBeyondItsSpread_DefaultsStay()
    {
        AddRuns(quarterPpl: 27.0, quarterBleu: 8.5); // 1.50 ppl lower, but only 0.50 BLEU higher

        Assert.EndsWith("none is, so the defaults stay.\n\n", Section());
    }

    [Fact]
    public void StudyReport_WithTuningFolder_PutsTheSectionAfterTheClaims_WithoutIt_HasNone()
    {
        AddRuns();
        string withTuning = Path.Combine(_runs.Root, "with"), without = Path.Combine(_runs.Root, "without");

        StudyReport.Write([GridRoot], [TuningRoot], withTuning);
        StudyReport.Write([GridRoot], without);

        string report = File.ReadAllText(Path.Combine(withTuning, "report.md"));
        int claims = report.IndexOf("## Claims", StringComparison.Ordinal);
        int tuning = report.IndexOf("## Defaults tuned on the valid set", StringComparison.Ordinal);
        int runs = report.IndexOf("## Runs", StringComparison.Ordinal);
        Assert.True(claims < tuning && tuning < runs, $"sections at {claims}, {tuning}, {runs}");
        Assert.DoesNotContain("Defaults tuned", File.ReadAllText(Path.Combine(without, "report.md")));
    }

    [Fact]
    public void Collect_MissingFolder_ThrowsNamingIt()
    {
        var error = Assert.Throws<UserInputException>(() => TuningSection.Collect([Path.Combine(_runs.Root, "nope")]));
        Assert.Equal($"{Path.Combine(_runs.Root, "nope")}: no such folder", error.Message);
    }
}
