namespace NmSparse.Recipes;

/// <summary>
/// Sparse-structure decay (Kao et al. 2022, "Training Recipe for N:M Structured Sparsity with Decaying Pruning
/// Mask"; SDGF in Bambhaniya et al. 2024, "Progressive Gradient Flow for Robust N:M Sparsity Training in
/// Transformers"): binary masks whose N:M(t) tightens over the sparse phase (schedule
/// <see cref="RecipeSettings.Structure"/>) until it reaches the target, with straight-through gradients
/// (plus SR-STE's λ(1−m)⊙w when <see cref="RecipeSettings.DecaySrSteLambda"/> &gt; 0).
/// </summary>
public sealed class StructureDecayRecipe : NmRecipeBase
{
    public StructureDecayRecipe(RecipeSettings settings)
        : base("structure-decay", settings, settings.CreateStructure(), decay: null, settings.DecaySrSteLambda) { }
}
