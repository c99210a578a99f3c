using NmSparse.Masks;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Pruning;

/// <summary>
/// The channel permutations (Pool &amp; Yu 2021, <see cref="ChannelPermutation"/>) that leave the Transformer's
/// function exactly unchanged, applied before one-shot pruning to raise the magnitude the N:M masks keep:
/// <list type="bullet">
/// <item>ff1 → ff2 of every layer: ReLU is elementwise, so ff1's output rows and bias and ff2's input columns take
/// one permutation of all FeedForward channels;</item>
/// <item>v_proj → out_proj of every attention block: each head's context is its attention weights times its own
/// value columns, so a permutation of the value channels within each head (never across heads) permutes the
/// context columns the same way. Done only when the head size is a multiple of M, so every N:M group of out_proj
/// lies within one head and the per-head searches add up to the layer's.</item>
/// </list>
/// A pair is permuted only when its second layer is sparsified (the permutation only changes that layer's mask).
/// Call on a model that is not sparsified yet (plain Linear layers).
/// </summary>
public static class TransformerPermutations
{
    /// <summary>Permutes every eligible pair of <paramref name="model"/> in place, in model order.</summary>
    public static IReadOnlyList<PermutedPair> Apply(Seq2SeqTransformer model, SparsifyOptions selection,
        NmPattern pattern, int maxSwaps = 10_000, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(selection);
        var linears = model.named_modules().Where(m => m.module is Linear)
            .ToDictionary(m => m.name, m => (Linear)m.module);
        int headSize = model.Config.DModel / model.Config.Heads;
        bool heads = headSize % pattern.M == 0;
        if (!heads)
            log?.Invoke($"permutation: v_proj → out_proj not permuted: head size {headSize} is not a multiple of " +
                $"M = {pattern.M}");
        var pairs = new List<PermutedPair>();
        foreach (var (name, layer) in linears)
        {
            if (!selection.Selects(name) || selection.KeepsDense(name)) continue;
            string? previous = name.EndsWith(".ff2", StringComparison.Ordinal) ? name[..^1] + "1"
                : heads && name.EndsWith(".out_proj", StringComparison.Ordinal) ? name[..^"out_proj".Length] + "v_proj"
                : null;
            if (previous is null) continue;
            long block = name.EndsWith(".ff2", StringComparison.Ordinal) ? layer.weight!.shape[1] : headSize;
            var pair = Permute(previous, linears[previous], name, layer, block, pattern, maxSwaps);
            log?.Invoke($"permuted: {previous} → {name}: {pair.Swaps} swaps, kept magnitude " +
                $"{pair.KeptBefore:G6} → {pair.KeptAfter:G6}");
            pairs.Add(pair);
        }
        return pairs;
    }

    /// <summary>
    /// Searches a permutation of each block of <paramref name="block"/> consecutive input channels of
    /// <paramref name="layer"/> on its own and applies them together (channels never leave their block).
    /// </summary>
    private static PermutedPair Permute(string previousName, Linear previous, string name, Linear layer, long block,
        NmPattern pattern, int maxSwaps)
    {
        var weight = layer.weight!;
        long channels = weight.shape[1];
        var permutation = new long[channels];
        double before = 0, after = 0;
        int swaps = 0;
        using var scores = ChannelPermutation.ScoreMatrix(weight);
        for (long start = 0; start < channels; start += block)
        {
            using var part = scores.narrow(1, start, block).contiguous();
            var result = ChannelPermutation.Search(part, pattern, maxSwaps);
            for (long k = 0; k < block; k++) permutation[start + k] = start + result.Permutation[k];
            before += result.KeptBefore;
            after += result.KeptAfter;
            swaps += result.Swaps;
        }
        ChannelPermutation.Apply(weight, permutation, previous.weight!, previous.bias);
        return new PermutedPair(previousName, name, swaps, before, after);
    }
}
