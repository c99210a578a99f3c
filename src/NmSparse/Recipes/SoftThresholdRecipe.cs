using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// S-STE (Hu, Zhu &amp; Chen, NeurIPS 2024, "S-STE: Continuous Pruning Function for Efficient 2:4 Sparse
/// Pre-training"): the forward pass uses s·S(w), each group of M weights soft-thresholded by its (N+1)-th largest
/// magnitude (sign kept, zero below; the paper's 2:4 rule generalised to N:M), times a per-tensor scale s fixed
/// once, at the first sparse step, as ⟨w, S(w)⟩/⟨S(w), S(w)⟩ of the weights then (the authors' code fixes it at
/// initialisation, which is the same step when there is no dense phase); the gradient passes straight through to
/// every dense weight, unscaled. The mask (the N largest |w| of each group) is recomputed every sparse step. In
/// fine-tune the mask is fixed and only kept weights learn (their thresholds are then constant); the baked weight is
/// s·S(w).
/// </summary>
public sealed class SoftThresholdRecipe : NmRecipeBase
{
    public SoftThresholdRecipe(RecipeSettings settings)
        : base("s-ste", settings, new FixedStructure(settings.Pattern), decay: null) { }

    public override SparseWeightForm WeightForm => SparseWeightForm.SoftThreshold;
}
