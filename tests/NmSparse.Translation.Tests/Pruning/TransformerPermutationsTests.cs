using NmSparse.Masks;
using NmSparse.Sparsity;
using NmSparse.Translation.Models;
using NmSparse.Translation.Pruning;
using NmSparse.Translation.Tests.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Pruning;

[Collection("Sequential")]
public class TransformerPermutationsTests
{
    private static readonly NmPattern TwoFour = new(2, 4);

    [Fact]
    public void Apply_TinyTransformer_SameLogitsWithin1e6()
    {
        using var model = TinyTransformer.Create(seed: 3);
        using var src = TinyTransformer.RandomIds(3, 7);
        using var tgt = TinyTransformer.RandomIds(3, 5);
        using var before = model.call(src, tgt);
        var ff2 = Weight(model, "encoder.layers.0.ff2");

        var pairs = TransformerPermutations.Apply(model, new SparsifyOptions(), TwoFour);

        using var after = model.call(src, tgt);
        TinyTransformer.AssertClose(before, after, 1e-6);
        // 2 encoder + 2 decoder layers: 4 ff pairs; 2 self-attention + 2 self + 2 cross attention: 6 v/out pairs.
        Assert.Equal(10, pairs.Count);
        Assert.Equal(4, pairs.Count(p => p.Layer.EndsWith(".ff2", StringComparison.Ordinal)));
        Assert.All(pairs, p => Assert.True(p.Swaps > 0, $"{p.Layer}: no swap, so nothing was tested"));
        using var changed = ff2.ne(Weight(model, "encoder.layers.0.ff2")).any();
        Assert.True(changed.item<bool>());
    }

    [Fact]
    public void Apply_FfOnlySelection_PermutesFeedForwardPairsOnly()
    {
        using var model = TinyTransformer.Create(seed: 3);
        var selection = new SparsifyOptions { Roles = new HashSet<LayerRole> { LayerRole.FeedForward } };

        var pairs = TransformerPermutations.Apply(model, selection, TwoFour);

        Assert.Equal(
            ["encoder.layers.0.ff2", "encoder.layers.1.ff2", "decoder.layers.0.ff2", "decoder.layers.1.ff2"],
            pairs.Select(p => p.Layer));
        Assert.Equal("encoder.layers.0.ff1", pairs[0].Previous);
    }

    [Fact]
    public void Apply_HeadSizeNotMultipleOfM_SkipsValuePairsAndSaysSo()
    {
        // d = 16 with 4 heads: head size 4 is no multiple of M = 8; ff (32 channels) still splits into groups of 8.
        using var model = TinyTransformer.Create(seed: 3, TinyTransformer.Config with { Heads = 4 });
        var messages = new List<string>();

        var pairs = TransformerPermutations.Apply(model, new SparsifyOptions(), new NmPattern(2, 8),
            log: messages.Add);

        Assert.All(pairs, p => Assert.EndsWith(".ff2", p.Layer));
        Assert.Equal(4, pairs.Count);
        Assert.Equal("permutation: v_proj → out_proj not permuted: head size 4 is not a multiple of M = 8",
            messages[0]);
    }

    [Fact]
    public void Prune_WithPermutation_KeepsMoreMagnitudeThanWithout()
    {
        using var plain = TinyTransformer.Create(seed: 5);
        using var permuted = TinyTransformer.Create(seed: 5);
        var pairs = TransformerPermutations.Apply(permuted, new SparsifyOptions(), TwoFour);
        var settings = new OneShotPruneSettings { Pattern = TwoFour };

        using var plainPruned = OneShotPruner.Prune(plain, settings);
        using var permutedPruned = OneShotPruner.Prune(permuted, settings);

        double without = KeptMagnitude(plainPruned), with = KeptMagnitude(permutedPruned);
        Assert.True(with > without, $"kept magnitude with permutation {with} ≤ without {without}");
        Assert.All(pairs, p => Assert.True(p.KeptAfter >= p.KeptBefore, p.Layer));
        // Only the permuted pairs' second layers keep a different magnitude; the first layers' rows just moved.
        double gain = pairs.Sum(p => p.KeptAfter - p.KeptBefore);
        Assert.Equal(gain, with - without, 1e-3);
    }

    private static double KeptMagnitude(Sparsifier sparsifier) =>
        sparsifier.Layers.Sum(l =>
        {
            using var sum = l.Module.Weight.abs().sum();
            return sum.to(ScalarType.Float64).item<double>();
        });

    private static Tensor Weight(Seq2SeqTransformer model, string layer) =>
        model.named_parameters().Single(p => p.name == $"{layer}.weight").parameter.detach().clone();
}
