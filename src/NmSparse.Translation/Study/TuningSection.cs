using System.Text;
using NmSparse.Recipes;
using NmSparse.Translation.Training;
using static System.FormattableString;

namespace NmSparse.Translation.Study;

/// <summary>
/// report.md's "Defaults tuned on the valid set": every translation run folder under the tuning folders (one row
/// each, variants of one cell included) with its schedule in words (<see cref="RecipeTimeline"/>), valid BLEU,
/// valid perplexity and training FLOPs relative to dense; no test numbers, since the choice uses the valid set only.
/// For each recipe × N:M with two or more finished variants it names the lowest valid perplexity and every other
/// variant's gap to it, beside the grid's seed spread of that cell (sample std of its seeds), the yardstick for
/// whether a gap is more than noise.
/// </summary>
public static class TuningSection
{
    /// <summary>The runs under <paramref name="roots"/>, every folder its own row (unlike <see cref="RunCollector"/>,
    /// which merges copies of one cell).</summary>
    public static IReadOnlyList<StudyRun> Collect(IEnumerable<string> roots) =>
        roots.SelectMany(root => Directory.Exists(root)
                ? RunCollector.RunFolders(root)
                : throw new UserInputException($"{root}: no such folder"))
            .Select(folder => new RunDirectory(folder))
            .Where(run => RunConfigFile.TaskOf(run) == RunConfigFile.TranslationTask)
            .Select(StudyRun.Read).ToList();

    public static string Write(IReadOnlyList<StudyRun> tuning, StudyRuns grid, IReadOnlyList<string> sources)
    {
        var md = new StringBuilder("## Defaults tuned on the valid set\n\n");
        md.Append($"Runs from {string.Join(", ", sources.Select(s => $"`{s}`"))}: {tuning.Count} runs, ");
        md.Append($"{tuning.Count(r => r.Status == RunStatus.Done)} finished. The choice uses the valid set only, so ");
        md.Append("no test numbers are shown.\n\n");
        md.Append("| run | recipe | N:M | steps | schedule | valid BLEU | valid ppl | FLOPs vs dense |\n");
        md.Append("|---|---|---|---|---|---|---|---|\n");
        foreach (var run in tuning)
        {
            var r = run.Result;
            string schedule = run.Config is { } c ? RecipeTimeline.Describe(RecipeRegistry.Create(c.Recipe)) : "";
            md.Append(Invariant($"| {Name(run)} | {run.Cell.Recipe} | {run.Cell.PatternLabel} | "))
                .Append(Invariant($"{r?.Steps ?? run.Config?.Training.Steps} | {schedule} | {r?.ValidBleu:F2} | "))
                .Append(Invariant($"{r?.ValidPerplexity:F2} | {r?.FlopRatioToDense:F3} |\n"));
        }
        md.Append('\n');
        var groups = tuning.Where(r => r.Result is not null).GroupBy(r => (r.Cell.Recipe, r.Cell.Pattern))
            .Where(g => g.Count() >= 2).ToList();
        foreach (var group in groups)
            md.Append(Comparison(group.OrderBy(r => r.Result!.ValidPerplexity).ToList(), grid)).Append('\n');
        if (groups.Count > 0) md.Append('\n');
        return md.ToString();
    }

    private static string Comparison(List<StudyRun> variants, StudyRuns grid)
    {
        var best = variants[0];
        var cell = best.Cell;
        string label = cell.Pattern is { } p ? $"{cell.Recipe} {p}" : cell.Recipe;
        var text = new StringBuilder(Invariant(
            $"- {label}: lowest valid perplexity {Name(best)} ({best.Result!.ValidPerplexity:F2}, valid BLEU "));
        text.Append(Invariant($"{best.Result.ValidBleu:F2})"));
        foreach (var other in variants.Skip(1))
        {
            text.Append(Invariant($"; {Name(other)} {other.Result!.ValidPerplexity - best.Result.ValidPerplexity:+0.00} "))
                .Append(Invariant($"ppl, {other.Result.ValidBleu - best.Result.ValidBleu:+0.00;-0.00} BLEU"));
        }
        var ppl = grid.Stats(cell.Recipe, cell.Pattern, r => r.Result?.ValidPerplexity);
        var bleu = grid.Stats(cell.Recipe, cell.Pattern, r => r.Result?.ValidBleu);
        if (ppl is not { N: >= 2 } || bleu is not { } b)
            return text.Append($". No seed spread of {label} in the grid (fewer than two finished seeds).").ToString();
        text.Append(Invariant($". Seed spread of {label} in the grid (its own length; std, n={ppl.Value.N}): valid "))
            .Append(Invariant($"perplexity {ppl.Value.Std:F2}, valid BLEU {b.Std:F2}. "));
        return text.Append(Verdict(variants, ppl.Value.Std, b.Std)).ToString();
    }

    /// <summary>
    /// The rule: a variant replaces the recipe's defaults only when it beats the run with the defaults by more than
    /// the grid's seed spread in both valid perplexity (lower) and valid BLEU (higher).
    /// </summary>
    private static string Verdict(List<StudyRun> variants, double pplSpread, double bleuSpread)
    {
        var defaults = variants.FirstOrDefault(HasDefaults);
        if (defaults is null) return "No variant runs the recipe's defaults, so none is judged against them.";
        var better = variants.Where(v => v != defaults
            && defaults.Result!.ValidPerplexity - v.Result!.ValidPerplexity > pplSpread
            && v.Result.ValidBleu - defaults.Result.ValidBleu > bleuSpread).Select(Name).ToList();
        string rule = $"Defaults: {Name(defaults)}; a variant replaces them only when ahead by more than the seed " +
            "spread in both valid perplexity and valid BLEU: ";
        return rule + (better.Count == 0 ? "none is, so the defaults stay." : $"{string.Join(", ", better)}.");
    }

    /// <summary>True when the run's recipe settings, apart from the phase lengths, and its phase fractions are the
    /// defaults.</summary>
    private static bool HasDefaults(StudyRun run)
    {
        if (run.Config is not { } config) return false;
        static RecipeSettings Shape(RecipeSettings s) =>
            s with { Recipe = "", Pattern = new(2, 4), Steps = 0, DenseSteps = 0, FineTuneSteps = 0 };
        var training = config.Training;
        var fresh = new TrainingOptions();
        return Shape(config.Recipe) == Shape(new RecipeSettings()) && training.DenseSteps is null
            && training.FineTuneSteps is null && training.DenseFraction == fresh.DenseFraction
            && training.FineTuneFraction == fresh.FineTuneFraction;
    }

    private static string Name(StudyRun run) => Path.GetFileName(run.Run.Root);
}
