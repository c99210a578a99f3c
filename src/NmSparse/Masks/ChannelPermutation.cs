using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// Channel permutations for N:M sparsity (Pool &amp; Yu, NeurIPS 2021, "Channel Permutations for N:M Sparsity"):
/// reorder a layer's input channels so that its N:M mask (groups of M consecutive input channels) keeps more total
/// magnitude, and fold the same reordering into the preceding layer's output channels so the network computes the
/// same function. Works for any N:M.
/// <para>
/// Search: steepest-ascent channel swaps. With A_c / B_c the sums of the N / N−1 largest scores of c's group
/// without c (per row), a group's kept score after replacing c by a channel x is max(A_c, B_c + x), so the gain of
/// swapping every pair of channels in different groups is one C×C matrix (C²·rows work once); each step applies the
/// best swap (the first in row-major order among equals, so the result is deterministic) and updates only the rows
/// and columns of the two groups it touched. It stops when no swap gains more than a 1e-12 fraction of the total
/// score, or after <c>maxSwaps</c> swaps. Unlike the reference search it takes no regressing swaps (no escapes from
/// local optima). Runs in float64 on the CPU.
/// </para>
/// </summary>
public static class ChannelPermutation
{
    /// <summary>
    /// The score matrix [rows, C] of a Linear [out, C] or Conv2d [out, C, kh, kw] weight: |w| with the input
    /// channels last (for Conv2d every (out, kh, kw) is a row), float64 on the CPU.
    /// </summary>
    public static Tensor ScoreMatrix(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() is not (2 or 4))
            throw new UserInputException(
                $"channel permutation needs a Linear or Conv2d weight, got rank {weight.dim()}");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var scores = weight.detach().abs().to(ScalarType.Float64, CPU).movedim([1], [-1]);
        return scores.reshape(-1, weight.shape[1]).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Searches a permutation of the C columns of <paramref name="scores"/> ([rows, C], non-negative, e.g.
    /// <see cref="ScoreMatrix"/> or Wanda scores) that raises the total score the N:M mask keeps in groups of M
    /// consecutive columns. C must be a multiple of M.
    /// </summary>
    public static ChannelPermutationResult Search(Tensor scores, NmPattern pattern, int maxSwaps = 10_000)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSwaps);
        if (scores.dim() != 2 || scores.shape[1] % pattern.M != 0)
            throw new UserInputException(
                $"channel permutation: scores [{string.Join(", ", scores.shape)}] do not split into groups of " +
                $"{pattern.M} along their last dimension");
        using var noGrad = no_grad();
        using var search = new SwapSearch(scores, pattern);
        double before = search.Kept();
        double tolerance = 1e-12 * Math.Max(search.Total, double.Epsilon);
        int swaps = 0;
        while (swaps < maxSwaps && search.BestSwap(tolerance) is var (i, j))
        {
            search.Swap(i, j);
            swaps++;
        }
        return new ChannelPermutationResult(search.Permutation, before, search.Kept(), swaps);
    }

    /// <summary>
    /// Applies <paramref name="permutation"/> in place: the columns (input channels, dimension 1) of
    /// <paramref name="weight"/>, and the rows (output channels) of the preceding layer's
    /// <paramref name="previousWeight"/> and <paramref name="previousBias"/>, so that
    /// layer(act(previous(x))) is unchanged for any elementwise activation in between (normalisation layers in
    /// between would need their per-channel parameters permuted too). Parameters stay the same objects.
    /// </summary>
    public static void Apply(Tensor weight, long[] permutation, Tensor previousWeight, Tensor? previousBias)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(permutation);
        ArgumentNullException.ThrowIfNull(previousWeight);
        long channels = weight.shape[1];
        if (permutation.Length != channels || previousWeight.shape[0] != channels ||
            permutation.Order().Select((p, k) => p == k).Any(same => !same))
            throw new UserInputException(
                $"channel permutation of {permutation.Length} channels does not fit weight " +
                $"[{string.Join(", ", weight.shape)}] after previous layer " +
                $"[{string.Join(", ", previousWeight.shape)}]");
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var index = tensor(permutation, ScalarType.Int64, weight.device);
        weight.copy_(weight.index_select(1, index));
        var rows = index.to(previousWeight.device);
        previousWeight.copy_(previousWeight.index_select(0, rows));
        previousBias?.copy_(previousBias.index_select(0, rows.to(previousBias.device)));
    }
}
