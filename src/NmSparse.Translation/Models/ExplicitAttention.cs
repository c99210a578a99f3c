using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// softmax(q·kᵀ/√d_h masked)·v written out as two batched matrix products around a float32 softmax. Training uses
/// it instead of libtorch's fused CPU scaled_dot_product_attention, which was slower at this model's sizes
/// (sequences of ~30, head width 64) in float32 and slower still in bfloat16 (see docs/performance.md). The two
/// products run in the type of q, k and v (bfloat16 under mixed precision); the scores and the softmax in float32.
/// </summary>
internal static class ExplicitAttention
{
    /// <summary>
    /// <paramref name="q"/> [B, H, L, Dh], <paramref name="k"/>/<paramref name="v"/> [B, H, S, Dh];
    /// <paramref name="mask"/> boolean broadcastable to [B, H, L, S], true = may attend, or
    /// <paramref name="causal"/> for the lower-triangular mask. Every query must be allowed at least one key.
    /// </summary>
    public static Tensor Compute(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal, double dropout)
    {
        using var scope = NewDisposeScope();
        using var scale = KeptScalars.Hold(1.0 / Math.Sqrt(q.shape[^1]));
        var scores = q.matmul(k.transpose(-2, -1)).to_type(ScalarType.Float32).mul_(scale);
        var allowed = causal ? ones(q.shape[^2], k.shape[^2], ScalarType.Bool, q.device).tril_() : mask;
        if (allowed is not null) scores = scores.masked_fill(allowed.logical_not(), KeptScalars.NegativeInfinity);
        var weights = nn.functional.softmax(scores, -1);
        if (dropout > 0) weights = nn.functional.dropout(weights, dropout, training: true);
        return weights.to_type(v.dtype).matmul(v).MoveToOuterDisposeScope();
    }
}
