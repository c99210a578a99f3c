using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// Pruning-mask decay (Kao et al. 2022, "Training Recipe for N:M Structured Sparsity with Decaying Pruning Mask";
/// MDGF in Bambhaniya et al. 2024): the forward pass uses w⊙(m + β(t)(1−m)), so pruned weights keep a decaying
/// share β(t) of the signal (schedule <see cref="RecipeSettings.Decay"/>), with straight-through gradients
/// (plus SR-STE's λ(1−m)⊙w when <see cref="RecipeSettings.DecaySrSteLambda"/> &gt; 0).
/// </summary>
public sealed class MaskDecayRecipe : NmRecipeBase
{
    public MaskDecayRecipe(RecipeSettings settings)
        : base("mask-decay", settings, new FixedStructure(settings.Pattern), settings.CreateDecay(),
            settings.DecaySrSteLambda) { }
}
