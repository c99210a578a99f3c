using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace NmSparse.Autograd;

/// <summary>
/// The masked weight of straight-through N:M training. Forward: w⊙(m + β(1−m)), so β = 0 is the binary mask and
/// 0 &lt; β &lt; 1 lets pruned weights through partially (the decaying pruning mask of Kao et al. 2022). Backward:
/// ∂w = g + λ(1−m)⊙w, i.e. the gradient of the masked weight passes straight through to every dense weight (STE),
/// plus the SR-STE regulariser of Zhou et al. 2021 that decays pruned weights (λ = 0 gives the plain STE).
/// </summary>
/// <remarks>Call <see cref="Apply"/>; the mask gets no gradient. With a bfloat16 output (mixed precision) the masked
/// weight is formed and rounded to bfloat16 in one pass, and the bfloat16 gradient comes back as the float32 ∂w in
/// one pass (<see cref="Bf16MaskedWeightKernel"/>, same bits as masking, then casting).</remarks>
public sealed class MaskedWeightFunction : SingleTensorFunction<MaskedWeightFunction>
{
    private const string LambdaKey = "lambda";
    private const string FusedKey = "fused";

    public override string Name => nameof(MaskedWeightFunction);

    /// <summary>w⊙(m + β(1−m)) with the straight-through backward described on the type.</summary>
    /// <param name="weight">Dense weight (usually a Parameter).</param>
    /// <param name="mask">0/1 mask of the weight's shape and dtype.</param>
    /// <param name="beta">Mask-decay factor β in [0, 1].</param>
    /// <param name="lambda">SR-STE decay λ ≥ 0 (0 for the plain STE).</param>
    /// <param name="output">Type of the masked weight: the weight's own (null), or another floating type it is cast
    /// to; the gradient reaching <paramref name="weight"/> has the weight's type either way.</param>
    public static Tensor Apply(Tensor weight, Tensor mask, double beta, double lambda, ScalarType? output = null)
    {
        if (output is null || output == weight.dtype) return apply(weight, mask, beta, lambda, false);
        if (output == ScalarType.BFloat16 && Bf16MaskedWeightKernel.Supports(weight, mask))
            return apply(weight, mask, beta, lambda, true);
        using var masked = apply(weight, mask, beta, lambda, false);
        return masked.to_type(output.Value);
    }

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var weight = (Tensor)vars[0];
        var mask = (Tensor)vars[1];
        double beta = (double)vars[2];
        double lambda = (double)vars[3];
        bool fused = (bool)vars[4];
        ctx.save_data(LambdaKey, lambda);
        ctx.save_data(FusedKey, fused);
        if (lambda != 0.0 || fused) ctx.save_for_backward([weight, mask]);
        if (fused) return Bf16MaskedWeightKernel.Forward(weight, mask, beta);
        if (beta == 0.0) return weight.mul(mask);
        // m + β(1−m) = (1−β)m + β: one temporary, then one multiply with the weight.
        using var keep = KeptScalars.Hold(1.0 - beta);
        using var floor = KeptScalars.Hold(beta);
        using var factor = mask.mul(keep).add_(floor, KeptScalars.One);
        return weight.mul(factor);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        double lambda = (double)ctx.get_data(LambdaKey);
        bool fused = (bool)ctx.get_data(FusedKey);
        if (!fused && lambda == 0.0) return [grad_output.alias(), null!, null!, null!, null!];
        var saved = ctx.get_saved_variables();
        using var weight = saved[0];
        using var mask = saved[1];
        return [fused ? Bf16MaskedWeightKernel.Backward(grad_output, weight, mask, lambda)
            : SrSteGradient(grad_output, weight, mask, lambda), null!, null!, null!, null!];
    }

    // g + λ(1−m)⊙w with one temporary: (1−m)⊙w = w + (−1)·w⊙m is exact (w or +0, as w − w⊙m), and the sum with g
    // is the same single-rounding add as g + λ(w − w⊙m).
    private static Tensor SrSteGradient(Tensor grad, Tensor weight, Tensor mask, double lambda)
    {
        using var minusOne = KeptScalars.Hold(-1.0);
        using var scale = KeptScalars.Hold(lambda);
        using var pruned = weight.addcmul(weight, mask, minusOne);
        return grad.add(pruned, scale);
    }
}
