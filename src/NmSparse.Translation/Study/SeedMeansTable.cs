using System.Text;
using NmSparse.Masks;

namespace NmSparse.Translation.Study;

/// <summary>
/// The paper-style markdown table of any task's study: one row per recipe (registry order), a dense column and one
/// column per N:M densest first, each cell the metric's mean ± sample std over the finished seeds with n; a group
/// with unfinished runs says how many ("—" when none has finished), a recipe's cells outside its kind stay empty.
/// </summary>
public static class SeedMeansTable
{
    public static string Write<TRun>(ScoredRuns<TRun> runs, Func<TRun, double?> metric, string format)
        where TRun : IScoredRun
    {
        var patterns = runs.Patterns;
        var md = new StringBuilder($"| recipe | dense | {string.Join(" | ", patterns)} |\n");
        md.Append($"|---|---|{string.Concat(patterns.Select(_ => "---|"))}\n");
        foreach (string recipe in runs.Recipes)
        {
            NmPattern?[] columns = [null, .. patterns.Select(p => (NmPattern?)p)];
            var cells = columns.Select(p =>
                (recipe == "dense") == (p is null) ? Cell(runs, recipe, p, metric, format) : "");
            md.Append($"| {recipe} | {string.Join(" | ", cells)} |\n");
        }
        return md.ToString();
    }

    private static string Cell<TRun>(ScoredRuns<TRun> runs, string recipe, NmPattern? pattern,
        Func<TRun, double?> metric, string format) where TRun : IScoredRun
    {
        var group = runs.Group(recipe, pattern);
        if (group.Count == 0) return "";
        var stats = runs.Stats(recipe, pattern, metric);
        string value = stats?.Format(format) ?? "—";
        return group.Count == (stats?.N ?? 0) ? value : $"{value}, {group.Count - (stats?.N ?? 0)} unfinished";
    }
}
