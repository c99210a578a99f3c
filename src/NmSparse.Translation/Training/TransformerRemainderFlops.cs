using NmSparse.Translation.Models;

namespace NmSparse.Translation.Training;

/// <summary>
/// Training FLOPs of the Transformer parts that are never sparsified, per step, for padded batch sizes: the tied
/// output projection (3 GEMMs of 2·B·T·d·V: forward, input gradient, weight gradient) and the attention products
/// QKᵀ and AV (forward 4·B·Lq·Lk·d per layer, backward twice that: 12·B·Lq·Lk·d in all; the causal mask is
/// not exploited). Embedding lookups, softmax, LayerNorm and element-wise work are not counted.
/// </summary>
public static class TransformerRemainderFlops
{
    public static long ForStep(TransformerConfig config, long batch, long sourceLength, long targetLength)
    {
        long d = config.DModel;
        long output = 3 * 2 * batch * targetLength * d * config.VocabSize;
        long encoder = config.EncoderLayers * 12 * batch * sourceLength * sourceLength * d;
        long decoder = config.DecoderLayers * 12 * batch * targetLength * (targetLength + sourceLength) * d;
        return output + encoder + decoder;
    }
}
