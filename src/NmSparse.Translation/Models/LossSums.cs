using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Sums over the non-pad target tokens of one batch, left on the device (no host sync) so the caller decides
/// when to read them. Per-token loss = <see cref="SmoothedLoss"/> / <see cref="TokenCount"/>; perplexity =
/// exp(<see cref="Nll"/> / <see cref="TokenCount"/>).
/// </summary>
/// <param name="SmoothedLoss">
/// Label-smoothed cross-entropy summed over tokens (float scalar); backpropagate this.
/// </param>
/// <param name="Nll">Plain negative log-likelihood of the targets summed over tokens (float scalar, no grad).</param>
/// <param name="TokenCount">Number of non-pad target tokens (long scalar).</param>
public readonly record struct LossSums(Tensor SmoothedLoss, Tensor Nll, Tensor TokenCount);
