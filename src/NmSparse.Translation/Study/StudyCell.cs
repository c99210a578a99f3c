using System.Globalization;
using NmSparse.Masks;
using NmSparse.Recipes;

namespace NmSparse.Translation.Study;

/// <summary>
/// One run of a recipe study: a recipe at a target N:M (null for "dense") with a seed. Its <see cref="Name"/> is the
/// run folder under sweeps/NAME/runs/: <c>dense-s1</c>, <c>srste-1x8-s1</c>, and for "gmp", which is unstructured
/// and so depends only on the density N/M, <c>gmp-d0.125-s1</c> (one run per density, its pattern
/// the reduced fraction: 2:4 and 4:8 both give the 1:2 run <c>gmp-d0.5-s1</c>).
/// </summary>
public sealed record StudyCell(string Recipe, NmPattern? Pattern, int Seed)
{
    /// <summary>The run folder name (see the class summary).</summary>
    public string Name => Recipe switch
    {
        _ when Pattern is null => $"{Recipe}-s{Seed}",
        "gmp" => $"gmp-d{Pattern.Value.Density.ToString("R", CultureInfo.InvariantCulture)}-s{Seed}",
        _ => $"{Recipe}-{Pattern.Value.N}x{Pattern.Value.M}-s{Seed}",
    };

    /// <summary>Fraction of weights pruned at the end: 0 for dense, 1 − N/M otherwise.</summary>
    public double Sparsity => Pattern is { } p ? 1.0 - p.Density : 0.0;

    /// <summary>"dense" or the N:M, as tables and results.csv show it.</summary>
    public string PatternLabel => Pattern?.ToString() ?? "dense";

    /// <summary>True for the recipes that decay the mask (β) or the structure (N:M) over training.</summary>
    public bool IsDecay => RecipeRegistry.UsesMaskDecay(Recipe) || RecipeRegistry.UsesStructureDecay(Recipe);

    /// <summary>The cell of a trained run's recipe and seed ("dense" ignores the pattern).</summary>
    public static StudyCell Of(RecipeSettings recipe, int seed) => recipe.Recipe switch
    {
        "dense" => new(recipe.Recipe, null, seed),
        "gmp" => new(recipe.Recipe, Reduced(recipe.Pattern), seed),
        _ => new(recipe.Recipe, recipe.Pattern, seed),
    };

    /// <summary>The reduced fraction of <paramref name="pattern"/> (4:8 → 1:2), the pattern of a "gmp" cell.</summary>
    public static NmPattern Reduced(NmPattern pattern)
    {
        int divisor = Gcd(pattern.N, pattern.M);
        return new NmPattern(pattern.N / divisor, pattern.M / divisor);
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
