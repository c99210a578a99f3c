namespace NmSparse.Translation.Models;

/// <summary>The number format of a model's matrix products in training (see <see cref="GemmPrecision"/>).</summary>
public enum ComputePrecision
{
    /// <summary>Everything in float32.</summary>
    Float32,

    /// <summary>
    /// Mixed precision: float32 master weights, optimizer state, residual stream, LayerNorm, attention softmax and
    /// the loss; every matrix product (Linear layers incl. sparse ones, q·kᵀ and attn·v, the tied output
    /// projection) in bfloat16.
    /// </summary>
    BFloat16,
}
