using NmSparse.Masks;
using NmSparse.Recipes;

namespace NmSparse.Translation.Study;

/// <summary>
/// The recipes × N:M patterns × seeds 1..<see cref="Seeds"/> of a study. "dense" runs once per seed and "gmp" once
/// per density (<see cref="StudyCell"/>). Recipes are any names of <see cref="RecipeRegistry.Names"/>.
/// </summary>
public sealed record StudyGrid(IReadOnlyList<string> Recipes, IReadOnlyList<NmPattern> Patterns, int Seeds)
{
    /// <summary>
    /// Throws a one-line <see cref="UserInputException"/> for an unknown recipe, an empty list or seeds &lt; 1.
    /// </summary>
    public void Validate()
    {
        if (Recipes.Count == 0) throw new UserInputException("study grid: no recipes given");
        foreach (string recipe in Recipes)
        {
            if (!RecipeRegistry.Names.Contains(recipe))
                throw new UserInputException(
                    $"study grid: unknown recipe '{recipe}' (valid: {string.Join(", ", RecipeRegistry.Names)})");
        }
        if (Recipes.Any(r => r != "dense") && Patterns.Count == 0)
            throw new UserInputException("study grid: sparse recipes need at least one N:M pattern");
        if (Patterns.Any(p => p.IsDense))
            throw new UserInputException($"study grid: {Patterns.First(p => p.IsDense)} prunes nothing; use N < M");
        if (Seeds < 1) throw new UserInputException($"study grid: seeds must be at least 1 (got {Seeds})");
    }

    /// <summary>Every cell once, in grid order: seed, then recipe, then pattern (see <see cref="StudyQueue"/>).
    /// </summary>
    public IReadOnlyList<StudyCell> Cells()
    {
        var cells = new List<StudyCell>();
        for (int seed = 1; seed <= Seeds; seed++)
        {
            foreach (string recipe in Recipes.Distinct())
            {
                if (recipe == "dense")
                {
                    cells.Add(new StudyCell(recipe, null, seed));
                    continue;
                }
                foreach (var pattern in Patterns.Distinct())
                    cells.Add(new StudyCell(recipe, recipe == "gmp" ? StudyCell.Reduced(pattern) : pattern, seed));
            }
        }
        return cells.Distinct().ToList();
    }

    /// <summary>This grid extended by <paramref name="other"/>'s recipes, patterns and seeds (order kept).</summary>
    public StudyGrid Union(StudyGrid other) => new(
        Recipes.Concat(other.Recipes).Distinct().ToList(),
        Patterns.Concat(other.Patterns).Distinct().ToList(),
        Math.Max(Seeds, other.Seeds));
}
