using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace NmSparse.Translation.Models;

/// <summary>
/// Label-smoothed cross-entropy per row with a hand-written backward, because the vocabulary-wide tensors dominate
/// its cost (64 × 30 × 8000 logits are 61 MB in float32): autograd's chain of log-softmax, gather and mean
/// backwards makes about eight passes over them, this one three. Forward: row r of the [N, 2] output is
/// (smoothed loss, NLL) with logp = log_softmax(z): NLL = −logp[t], smoothed = (1 − ε)·NLL − ε·mean(logp).
/// Backward for output gradients (g₀, g₁): ∂z = (g₀ + g₁)·softmax(z) − (g₀(1 − ε) + g₁)·onehot(t) − g₀ε/V.
/// </summary>
internal sealed class SmoothedCrossEntropyFunction : SingleTensorFunction<SmoothedCrossEntropyFunction>
{
    private const string EpsilonKey = "epsilon";

    public override string Name => nameof(SmoothedCrossEntropyFunction);

    /// <summary>[N, 2] (smoothed, NLL) for float32 <paramref name="logits"/> [N, V] and long targets [N].</summary>
    public static Tensor Apply(Tensor logits, Tensor target, double epsilon) =>
        apply(logits, target, epsilon, is_grad_enabled() && logits.requires_grad);

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var logits = (Tensor)vars[0];
        var target = ((Tensor)vars[1]).unsqueeze(-1);
        double epsilon = (double)vars[2];
        bool willBackward = (bool)vars[3];
        var logProbs = nn.functional.log_softmax(logits, -1);
        using var scope = NewDisposeScope();
        var nll = logProbs.gather(-1, target).neg_();
        using var minusEpsilon = KeptScalars.Hold(-epsilon);
        using var nllWeight = KeptScalars.Hold(1 - epsilon);
        var smoothed = logProbs.mean([-1L], keepdim: true).mul_(minusEpsilon).add_(nll, nllWeight);
        if (willBackward) ctx.save_for_backward([logProbs, target]);
        ctx.save_data(EpsilonKey, epsilon);
        return cat([smoothed, nll], -1).MoveToOuterDisposeScope();
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        double epsilon = (double)ctx.get_data(EpsilonKey);
        var saved = ctx.get_saved_variables();
        using var logProbs = saved[0];
        using var target = saved[1];
        using var scope = NewDisposeScope();
        var smoothedGrad = grad_output[.., 0..1];
        var nllGrad = grad_output[.., 1..2];
        using var perClass = KeptScalars.Hold(epsilon / logProbs.shape[^1]);
        using var minusNllWeight = KeptScalars.Hold(-(1 - epsilon));
        var grad = logProbs.exp()
            .mul_(smoothedGrad.add(nllGrad, KeptScalars.One))
            .sub_(smoothedGrad.mul(perClass));
        grad.scatter_add_(-1, target, smoothedGrad.mul(minusNllWeight).sub_(nllGrad));
        return [grad.MoveToOuterDisposeScope(), null!, null!, null!];
    }
}
