namespace NmSparse.Sparsity;

/// <summary>How a <see cref="SparseLayer"/> turns its dense weight into the weight its forward pass uses.</summary>
public enum MaskMode
{
    /// <summary>The plain dense weight; the mask is ignored (dense phase, dense recipe, β = 1).</summary>
    Dense,

    /// <summary>
    /// w⊙(m + β(1−m)) whose gradient passes straight through to all dense weights (STE, SR-STE, decay recipes);
    /// see <see cref="Autograd.MaskedWeightFunction"/>.
    /// </summary>
    StraightThrough,

    /// <summary>A true fixed mask: forward w⊙m, backward g⊙m, so pruned weights get no gradient.</summary>
    Fixed,
}
