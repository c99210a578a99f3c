namespace NmSparse.Recipes;

/// <summary>How a sparse layer's forward pass turns its dense weight w and N:M mask m into the weight used.</summary>
public enum SparseWeightForm
{
    /// <summary>
    /// w⊙(m + β(1−m)) (straight-through) or w⊙m (fixed mask); see <see cref="Autograd.MaskedWeightFunction"/>.
    /// </summary>
    Masked,

    /// <summary>
    /// s·S(w): each group soft-thresholded by its largest pruned |w|, times a fixed per-tensor scale (S-STE); see
    /// <see cref="Autograd.SoftThresholdFunction"/>.
    /// </summary>
    SoftThreshold,
}
