using NmSparse.Masks;

namespace NmSparse.Sparsity;

/// <summary>What <see cref="OneShotPruner.Prune"/> does to a trained dense model.</summary>
public sealed record OneShotPruneSettings
{
    /// <summary>The N:M to prune to.</summary>
    public NmPattern Pattern { get; init; } = new(2, 4);

    /// <summary>magnitude | wanda (as <see cref="Recipes.RecipeSettings.Score"/>).</summary>
    public string Score { get; init; } = "magnitude";

    /// <summary>Calibration batches for "wanda" (as <see cref="Recipes.RecipeSettings.CalibrationBatches"/>).</summary>
    public int CalibrationBatches { get; init; } = 16;

    /// <summary>
    /// Layer pairs (previous, layer) by module name whose channels are permuted before pruning
    /// (<see cref="ChannelPermutation"/>): previous's outputs feed layer's inputs through elementwise operations only.
    /// </summary>
    public IReadOnlyList<(string Previous, string Layer)> PermutePairs { get; init; } = [];

    /// <summary>Swap budget of each permutation search.</summary>
    public int MaxSwaps { get; init; } = 10_000;
}
