using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace NmSparse.Autograd;

/// <summary>
/// The weight of S-STE (Hu, Zhu &amp; Chen, NeurIPS 2024, "S-STE: Continuous Pruning Function for Efficient 2:4
/// Sparse Pre-training"): forward s·S(w), where S soft-thresholds every group of M weights,
/// S(w)ᵢ = sign(wᵢ)·max(|wᵢ| − t, 0) with t the largest |w| the N:M mask m prunes in that group (the (N+1)-th
/// largest magnitude, so at most N weights stay non-zero), and s is a fixed per-tensor scale. The paper defines S for
/// 2:4 (t = the third largest of four); this is its N:M generalisation.
/// <para>
/// Backward, as the authors' code does: the incoming gradient unchanged to every dense weight
/// (<c>straightThrough</c> true, the S-STE phase), neither multiplied by s nor by the mask; or g⊙m when the mask is
/// fixed (fine-tune: pruned weights, and with them every t, stay frozen).
/// </para>
/// </summary>
/// <remarks>Call <see cref="Apply"/>; the mask and the scale get no gradient.</remarks>
public sealed class SoftThresholdFunction : SingleTensorFunction<SoftThresholdFunction>
{
    private const string StraightThroughKey = "straight_through";

    public override string Name => nameof(SoftThresholdFunction);

    /// <summary>s·S(w) with the backward described on the type.</summary>
    /// <param name="weight">Dense weight (usually a Parameter).</param>
    /// <param name="mask">0/1 N:M mask of the weight's shape and dtype (the N largest |w| of each group).</param>
    /// <param name="scale">Per-tensor scale s, a scalar tensor on the weight's device.</param>
    /// <param name="groupDim">The dimension groups of M run along.</param>
    /// <param name="groupSize">M.</param>
    /// <param name="straightThrough">True: gradient to all weights; false: g⊙m.</param>
    public static Tensor Apply(
        Tensor weight, Tensor mask, Tensor scale, long groupDim, int groupSize, bool straightThrough) =>
        apply(weight, mask, scale, groupDim, groupSize, straightThrough);

    /// <summary>
    /// S(w) without the scale: each weight the mask keeps shrunk by its group's threshold t (largest pruned |w|),
    /// sign kept, zero below; pruned weights are 0. No gradient is recorded.
    /// </summary>
    public static Tensor Shrink(Tensor weight, Tensor mask, long groupDim, int groupSize)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(mask);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var magnitude = weight.abs();
        var pruned = magnitude.mul(mask.neg().add_(KeptScalars.One, KeptScalars.One)).movedim([groupDim], [-1]);
        long[] shape = pruned.shape;
        long[] grouped = [.. shape[..^1], shape[^1] / groupSize, groupSize];
        var threshold = pruned.reshape(grouped).amax([-1], keepdim: true).expand(grouped).reshape(shape)
            .movedim([-1], [groupDim]);
        var shrunk = magnitude.sub(threshold).clamp_min_(KeptScalars.Zero).mul_(mask).mul_(weight.sign());
        return shrunk.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The least-squares scale of S-STE, s = ⟨w, S(w)⟩ / ⟨S(w), S(w)⟩ (the s minimising ‖w − s·S(w)‖²), computed in
    /// float64 on the host (one sync); 1 when S(w) is all zero.
    /// </summary>
    public static double LeastSquaresScale(Tensor weight, Tensor shrunk)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(shrunk);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var w = weight.to(ScalarType.Float64);
        var s = shrunk.to(ScalarType.Float64);
        double denominator = s.mul(s).sum().item<double>();
        return denominator > 0.0 ? w.mul(s).sum().item<double>() / denominator : 1.0;
    }

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var weight = (Tensor)vars[0];
        var mask = (Tensor)vars[1];
        var scale = (Tensor)vars[2];
        long groupDim = (long)vars[3];
        int groupSize = (int)vars[4];
        bool straightThrough = (bool)vars[5];
        ctx.save_data(StraightThroughKey, straightThrough);
        if (!straightThrough) ctx.save_for_backward([mask]);
        using var shrunk = Shrink(weight, mask, groupDim, groupSize);
        return shrunk.mul(scale);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        bool straightThrough = (bool)ctx.get_data(StraightThroughKey);
        Tensor weightGrad;
        if (straightThrough) {
            weightGrad = grad_output.alias();
        } else {
            using var mask = ctx.get_saved_variables()[0];
            weightGrad = grad_output.mul(mask);
        }
        return [weightGrad, null!, null!, null!, null!, null!];
    }
}
