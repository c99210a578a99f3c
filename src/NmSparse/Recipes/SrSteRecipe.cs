using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// Sparse-refined STE (Zhou et al. 2021, "Learning N:M Fine-grained Structured Sparse Neural Networks From
/// Scratch"): the STE recipe plus the gradient term λ(1−m)⊙w that decays pruned weights, which stabilises the
/// mask (λ = <see cref="RecipeSettings.SrSteLambda"/>, default 2e-4).
/// </summary>
public sealed class SrSteRecipe : NmRecipeBase
{
    public SrSteRecipe(RecipeSettings settings)
        : base("srste", settings, new FixedStructure(settings.Pattern), decay: null, settings.SrSteLambda) { }
}
