using NmSparse.Translation.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

[Collection("Sequential")]
public class LabelSmoothedLossTests
{
    [Fact]
    public void Compute_HandMadeOneByThreeVocab_MatchesHandComputedValue()
    {
        using var scope = NewDisposeScope();
        // Probabilities (1/2, 1/4, 1/4), target 0: NLL = ln 2, mean of −log p = (ln 2 + 2 ln 4) / 3 = 5/3 ln 2,
        // loss = 0.9 ln 2 + 0.1 · 5/3 ln 2 = 16/15 ln 2.
        var logits = log(tensor(new float[] { 0.5f, 0.25f, 0.25f })).view(1, 1, 3);
        var sums = new LabelSmoothedLoss(0.1, padId: 2).Compute(logits, tensor(new long[] { 0 }).view(1, 1));
        Assert.Equal(16.0 / 15.0 * Math.Log(2), sums.SmoothedLoss.item<float>(), 6);
        Assert.Equal(Math.Log(2), sums.Nll.item<float>(), 6);
        Assert.Equal(1L, sums.TokenCount.item<long>());
    }

    [Fact]
    public void Compute_PadTargets_ContributeNothing()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var logits = randn(2, 3, 5);
        var target = tensor(new long[] { 1, 4, 0, 2, 0, 0 }).view(2, 3);
        var loss = new LabelSmoothedLoss(0.1, padId: 0);
        var all = loss.Compute(logits, target);
        var kept = loss.Compute(logits.view(6, 5).index_select(0, tensor(new long[] { 0, 1, 3 })),
            tensor(new long[] { 1, 4, 2 }));
        Assert.Equal(kept.SmoothedLoss.item<float>(), all.SmoothedLoss.item<float>(), 5);
        Assert.Equal(kept.Nll.item<float>(), all.Nll.item<float>(), 5);
        Assert.Equal(3L, all.TokenCount.item<long>());
    }

    [Fact]
    public void Compute_RandomLogits_EqualsTorchCrossEntropyWithLabelSmoothing()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var logits = randn(4, 7);
        var target = tensor(new long[] { 3, 0, 6, 1 });
        var sums = new LabelSmoothedLoss(0.2, padId: 0).Compute(logits, target);
        var reference = nn.functional.cross_entropy(logits, target, ignore_index: 0,
            reduction: nn.Reduction.Sum, label_smoothing: 0.2);
        var plain = nn.functional.cross_entropy(logits, target, ignore_index: 0, reduction: nn.Reduction.Sum);
        Assert.Equal(reference.item<float>(), sums.SmoothedLoss.item<float>(), 5);
        Assert.Equal(plain.item<float>(), sums.Nll.item<float>(), 5);
    }

    [Fact]
    public void Constructor_EpsilonOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelSmoothedLoss(1.0));
    }
}
