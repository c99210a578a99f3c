using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// Straight-through estimator N:M training (the STE baseline of Zhou et al. 2021, "Learning N:M Fine-grained
/// Structured Sparse Neural Networks From Scratch"): before every sparse-phase step the N:M magnitude mask is
/// recomputed from the dense weights, the forward pass uses w⊙m and the gradient reaches all dense weights.
/// </summary>
public sealed class SteRecipe : NmRecipeBase
{
    public SteRecipe(RecipeSettings settings)
        : base("ste", settings, new FixedStructure(settings.Pattern), decay: null) { }
}
