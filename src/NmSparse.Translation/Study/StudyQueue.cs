using NmSparse.Masks;

namespace NmSparse.Translation.Study;

/// <summary>
/// The order a sweep trains its cells in, chosen so the study's claims can be judged as early as possible:
/// <list type="number">
/// <item>the regime check (issue: the study must sit where sparsity costs accuracy): dense and srste 1:8 of seeds 1
/// and 2, so "dense beats SR-STE 1:8 beyond the seed spread" can be judged after four runs;</item>
/// <item>the other claim cells of seed 1 at 1:8: each decay recipe (grid order), gmp at density 1/8;</item>
/// <item>the claim cells of seed 1 at 2:4: srste, the decay recipes, gmp at density 1/2;</item>
/// <item>the same two groups for seed 2 (a first seed spread);</item>
/// <item>everything else: by seed, then N:M (grid order), then recipe (grid order).</item>
/// </list>
/// Claim recipes are dense, srste, gmp and every recipe with a mask or structure decay
/// (<see cref="StudyCell.IsDecay"/>). The order is a pure function of the cells and the grid.
/// </summary>
public static class StudyQueue
{
    private static readonly NmPattern[] ClaimPatterns = [new(1, 8), new(2, 4)];
    private const int ClaimSeeds = 2;

    public static IReadOnlyList<StudyCell> Order(IReadOnlyList<StudyCell> cells, StudyGrid grid) =>
        cells.OrderBy(c => Key(c, grid)).ToList();

    private static (int Tier, int Seed, int Pattern, int Recipe) Key(StudyCell cell, StudyGrid grid)
    {
        int claimPattern = ClaimPatternIndex(cell);
        bool claim = cell.Seed <= ClaimSeeds && claimPattern >= 0 && IsClaimRecipe(cell);
        int recipe = IndexOrEnd(grid.Recipes, cell.Recipe);
        int rank = ClaimRecipeRank(cell) * 1000 + recipe;
        if (claim && IsRegimeCell(cell)) return (0, cell.Seed, 0, rank);
        if (claim) return (1, cell.Seed, claimPattern, rank);
        int pattern = cell.Pattern is { } p
            ? IndexOrEnd(grid.Patterns.Select(g => g.Density).ToList(), p.Density)
            : -1;
        return (2, cell.Seed, pattern, recipe);
    }

    /// <summary>Dense and SR-STE at 1:8: the pair whose gap shows whether the study is in the paper's regime.</summary>
    private static bool IsRegimeCell(StudyCell cell) =>
        cell.Recipe == "dense" || (cell.Recipe == "srste" && cell.Pattern == ClaimPatterns[0]);

    /// <summary>0 for 1:8 (and dense, which belongs to the first group), 1 for 2:4, −1 otherwise.</summary>
    private static int ClaimPatternIndex(StudyCell cell)
    {
        if (cell.Pattern is not { } pattern) return 0;
        return Array.FindIndex(ClaimPatterns, c => cell.Recipe == "gmp" ? c.Density == pattern.Density : c == pattern);
    }

    private static bool IsClaimRecipe(StudyCell cell) => cell.Recipe is "dense" or "srste" or "gmp" || cell.IsDecay;

    private static int ClaimRecipeRank(StudyCell cell) => cell.Recipe switch
    {
        "dense" => 0,
        "srste" => 1,
        "gmp" => 3,
        _ => 2,
    };

    private static int IndexOrEnd<T>(IReadOnlyList<T> list, T value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], value)) return i;
        }
        return list.Count;
    }
}
