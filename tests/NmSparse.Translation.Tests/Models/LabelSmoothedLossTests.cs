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
    public void Backward_RandomLogitsWithPads_GradientEqualsAutogradOfTorchCrossEntropy()
    {
        using var scope = NewDisposeScope();
        manual_seed(6);
        var logits = randn(2, 3, 7).requires_grad_();
        var target = tensor(new long[] { 3, 0, 6, 1, 0, 5 }).view(2, 3);
        new LabelSmoothedLoss(0.2, padId: 0).Compute(logits, target).SmoothedLoss.mul(0.5).backward();
        var reference = logits.detach().clone().requires_grad_();
        nn.functional.cross_entropy(reference.view(6, 7), target.view(6), ignore_index: 0,
            reduction: nn.Reduction.Sum, label_smoothing: 0.2).mul(0.5).backward();
        TinyTransformer.AssertClose(reference.grad!, logits.grad!, 1e-6);
        Assert.Equal(0.0, logits.grad![0, 1].abs().sum().item<float>()); // a pad target gets no gradient
    }

    [Fact]
    public void Backward_BFloat16Logits_GradientIsBFloat16AndMatchesFloat32()
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var full = randn(4, 9).to_type(ScalarType.BFloat16).to_type(ScalarType.Float32).requires_grad_();
        var half = full.detach().to_type(ScalarType.BFloat16).requires_grad_();
        var target = tensor(new long[] { 3, 1, 8, 2 });
        var loss = new LabelSmoothedLoss(0.1, padId: 0);
        loss.Compute(full, target).SmoothedLoss.backward();
        loss.Compute(half, target).SmoothedLoss.backward();
        Assert.Equal(ScalarType.BFloat16, half.grad!.dtype);
        // The float32 gradient (entries in (−1, 1)) rounded to bfloat16's 8 significant bits: error ≤ 2^-9.
        TinyTransformer.AssertClose(full.grad!, half.grad!.to_type(ScalarType.Float32), 1.0 / 512);
    }

    [Fact]
    public void Constructor_EpsilonOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelSmoothedLoss(1.0));
    }
}
