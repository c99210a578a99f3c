using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// One-shot magnitude N:M pruning with a fixed mask (the "prune once, then train with the mask" baseline of
/// Mishra et al. 2021, "Accelerating Sparse Deep Neural Networks", used as a baseline by Kao et al. 2022): the mask
/// is computed from the weights at the first non-dense step and never changes; pruned weights get no gradient.
/// </summary>
public sealed class StaticMaskRecipe : NmRecipeBase
{
    public StaticMaskRecipe(RecipeSettings settings)
        : base("static", settings, new FixedStructure(settings.Pattern), decay: null) { }

    /// <summary>Only at the first non-dense step D.</summary>
    public override bool UpdatesMaskAt(long step) => step == Plan.DenseSteps;

    /// <summary>Never: the mask is fixed from the start.</summary>
    public override bool UpdatesPrunedWeights(SparsityState state) => false;
}
