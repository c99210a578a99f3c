using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Label-smoothed cross-entropy (Szegedy et al. 2016, used by Vaswani et al. 2017 with ε = 0.1):
/// loss = (1 − ε)·(−log p_target) + ε·mean over all V classes of (−log p_v), i.e. the target distribution is
/// (1 − ε)·onehot + ε/V, uniform over the whole vocabulary including the target. This is PyTorch's
/// <c>cross_entropy(label_smoothing: ε)</c>; fairseq instead spreads ε over the V − 1 other classes, which differs
/// by O(ε/V). Positions whose target is the pad id contribute nothing.
/// </summary>
public sealed class LabelSmoothedLoss
{
    private readonly double _epsilon;
    private readonly long _padId;

    /// <summary>
    /// Smoothing <paramref name="epsilon"/> in [0, 1); targets equal to <paramref name="padId"/> are ignored.
    /// </summary>
    public LabelSmoothedLoss(double epsilon = 0.1, long padId = 0)
    {
        if (epsilon is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(epsilon), "epsilon must be in [0, 1)");
        _epsilon = epsilon;
        _padId = padId;
    }

    /// <summary>
    /// <paramref name="logits"/> [..., V] and <paramref name="target"/> long [...] (e.g. [B, T, V] and [B, T]).
    /// Log-softmax runs in float32 even for half-precision logits, for a stable sum; the gradient is computed by
    /// <see cref="SmoothedCrossEntropyFunction"/> in three passes over the logits.
    /// </summary>
    public LossSums Compute(Tensor logits, Tensor target)
    {
        using var scope = NewDisposeScope();
        var flat = logits.to_type(float32).view(-1, logits.shape[^1]);
        var rows = SmoothedCrossEntropyFunction.Apply(flat, target.reshape(-1), _epsilon);
        var keep = target.ne(_padId);
        var pads = keep.logical_not().reshape(-1);
        var smoothed = rows[.., 0].masked_fill(pads, KeptScalars.Zero).sum();
        var nllSum = rows[.., 1].detach().masked_fill(pads, KeptScalars.Zero).sum();
        var count = keep.sum();
        return new LossSums(smoothed.MoveToOuterDisposeScope(), nllSum.MoveToOuterDisposeScope(),
            count.MoveToOuterDisposeScope());
    }
}
