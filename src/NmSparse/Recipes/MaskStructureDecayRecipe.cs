namespace NmSparse.Recipes;

/// <summary>
/// Mask decay and structure decay together (Kao et al. 2022, "Training Recipe for N:M Structured Sparsity with
/// Decaying Pruning Mask"; Bambhaniya et al. 2024): the forward pass uses w⊙(m + β(t)(1−m)) with a mask of the
/// tightening N:M(t), with straight-through gradients
/// (plus SR-STE's λ(1−m)⊙w when <see cref="RecipeSettings.DecaySrSteLambda"/> &gt; 0).
/// </summary>
public sealed class MaskStructureDecayRecipe : NmRecipeBase
{
    public MaskStructureDecayRecipe(RecipeSettings settings)
        : base("mask-structure-decay", settings, settings.CreateStructure(), settings.CreateDecay(),
            settings.DecaySrSteLambda) { }
}
