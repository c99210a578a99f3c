using System.Globalization;
using System.Text;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

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
            md.Append(Invariant($"| {Path.GetFileName(run.Run.Root)} | {run.Cell.Recipe} | {run.Cell.PatternLabel} | "))
                .Append(Invariant($"{r?.Steps ?? run.Config?.Training.Steps} | {schedule} | {r?.ValidBleu:F2} | "))
                .Append(Invariant($"{r?.ValidPerplexity:F2} | {r?.FlopRatioToDense:F3} |\n"));
        }
        md.Append('\n');
        foreach (var group in tuning.Where(r => r.Result is not null).GroupBy(r => (r.Cell.Recipe, r.Cell.Pattern))
                     .Where(g => g.Count() >= 2))
            md.Append(Comparison(group.OrderBy(r => r.Result!.ValidPerplexity).ToList(), grid)).Append('\n');
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
        text.Append(ppl is { N: >= 2 } && bleu is { } b
            ? Invariant($". Seed spread of {label} in the grid (its own length; std, n={ppl.Value.N}): valid perplexity ")
              + Invariant($"{ppl.Value.Std:F2}, valid BLEU {b.Std:F2}")
            : $". No seed spread of {label} in the grid (fewer than two finished seeds)");
        return text.Append('.').ToString();
    }

    private static string Name(StudyRun run) => Path.GetFileName(run.Run.Root);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
