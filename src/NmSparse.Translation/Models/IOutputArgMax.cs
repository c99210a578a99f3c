using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// A way to find greedy decoding's next tokens without the full tied output logits (see
/// <see cref="Seq2SeqTransformer.NextTokens"/>). It must return exactly the arg-max (lowest id on ties) of
/// <c>linear(hidden, outputWeight)</c> as libtorch computes it, or null to let the model compute that product.
/// </summary>
public interface IOutputArgMax
{
    /// <summary>
    /// Each row's arg-max token for decoder states <paramref name="hidden"/> [B, 1, D] (evaluation mode, float32)
    /// against <paramref name="outputWeight"/> [V, D], or null to decline.
    /// </summary>
    long[]? ArgMax(Tensor hidden, Tensor outputWeight);
}
