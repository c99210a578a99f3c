namespace NmSparse.Flops;

/// <summary>
/// FLOPs of one layer's three GEMMs (one multiply-add counts as 2 FLOPs): the forward product, the input-gradient
/// product (dL/dx, absent for a first layer whose input needs no gradient) and the weight-gradient product (dL/dW).
/// Sums use checked arithmetic, so an overflow throws instead of wrapping.
/// </summary>
public readonly record struct LayerStepFlops(long Forward, long InputGrad, long WeightGrad)
{
    /// <summary>Forward + InputGrad + WeightGrad.</summary>
    public long Total => checked(Forward + InputGrad + WeightGrad);

    /// <summary>Term-by-term sum.</summary>
    public static LayerStepFlops operator +(LayerStepFlops a, LayerStepFlops b) =>
        new(checked(a.Forward + b.Forward), checked(a.InputGrad + b.InputGrad), checked(a.WeightGrad + b.WeightGrad));
}
