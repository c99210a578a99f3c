using NmSparse.Masks;

namespace NmSparse.Translation.Study;

/// <summary>
/// The runs of a study of any task, every status included, with the look-ups claims and tables need: the runs of a
/// recipe at a density ("gmp" matches an N:M by density, "dense" has none), the N:M patterns studied, and
/// statistics of a metric over the finished runs of a group.
/// </summary>
public class ScoredRuns<TRun>(IReadOnlyList<TRun> runs) where TRun : IScoredRun
{
    public IReadOnlyList<TRun> All { get; } = runs;

    /// <summary>The recipes present, in registry order (unknown names last, by name).</summary>
    public IReadOnlyList<string> Recipes => All.Select(r => r.Cell.Recipe).Distinct()
        .OrderBy(r => IndexOrEnd(r)).ThenBy(r => r, StringComparer.Ordinal).ToList();

    /// <summary>The N:M patterns of the sparse runs, densest first ("gmp" runs only add unmatched densities).</summary>
    public IReadOnlyList<NmPattern> Patterns
    {
        get
        {
            var nm = All.Where(r => r.Cell.Pattern is not null && r.Cell.Recipe != "gmp")
                .Select(r => r.Cell.Pattern!.Value).Distinct().ToList();
            var extra = All.Where(r => r.Cell.Recipe == "gmp")
                .Select(r => r.Cell.Pattern!.Value)
                .Where(g => nm.All(p => p.Density != g.Density))
                .Distinct();
            return nm.Concat(extra).OrderByDescending(p => p.Density).ThenBy(p => p.M).ToList();
        }
    }

    /// <summary>The decay recipes present (<see cref="StudyCell.IsDecay"/>).</summary>
    public IReadOnlyList<string> DecayRecipes => Recipes.Where(r => new StudyCell(r, null, 1).IsDecay).ToList();

    /// <summary>
    /// Runs of <paramref name="recipe"/> at <paramref name="pattern"/> (ignored for dense; by density for gmp).
    /// </summary>
    public IReadOnlyList<TRun> Group(string recipe, NmPattern? pattern) => All.Where(r => r.Cell.Recipe == recipe
        && (recipe == "dense" || Matches(r.Cell, pattern))).OrderBy(r => r.Cell.Seed).ToList();

    /// <summary>Statistics of <paramref name="metric"/> over the finished runs of the group (null values skipped).
    /// </summary>
    public SeedStats? Stats(string recipe, NmPattern? pattern, Func<TRun, double?> metric) =>
        SeedStats.Of(Group(recipe, pattern).Where(r => r.Status == RunStatus.Done).Select(metric).OfType<double>());

    private static bool Matches(StudyCell cell, NmPattern? pattern) => cell.Pattern is { } p && pattern is { } q
        && (cell.Recipe == "gmp" ? p.Density == q.Density : p == q);

    private static int IndexOrEnd(string recipe)
    {
        int i = NmSparse.Recipes.RecipeRegistry.Names.ToList().IndexOf(recipe);
        return i < 0 ? int.MaxValue : i;
    }
}
