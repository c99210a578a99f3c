using NmSparse.Schedules;

namespace NmSparse.Flops;

/// <summary>
/// Exact integer FLOP counts for one training step of a GEMM-shaped layer.
/// <para>
/// Shape: a Linear layer has weightElements = in·out and rows = the number of input vectors in the batch (batch ·
/// sequence length); a Conv2d layer has weightElements = out·in·kh·kw/groups and rows = batch·H_out·W_out (im2col
/// view). Each of the three GEMMs - forward (y = xWᵀ), input gradient (dL/dx = dL/dy·W) and weight gradient
/// (dL/dW = dL/dyᵀ·x) - costs 2·rows·weightElements FLOPs when dense (a multiply-add counts as 2).
/// </para>
/// <para>
/// Sparsity: a GEMM at density d costs 2·rows·round(weightElements·d) (round half away from zero), i.e. only the
/// kept weights are multiplied. For an N:M density and weightElements divisible by M, weightElements·N/M is an integer
/// and the count is exact. Which density each GEMM may use:
/// <list type="bullet">
/// <item>Forward and input-gradient GEMMs shrink only with a binary mask (β = 0 in the sparse or fine-tune phase);
/// with mask decay (β &gt; 0) the pruned weights still take part, so they count dense.</item>
/// <item>The weight-gradient GEMM stays dense for the straight-through family (STE, SR-STE, decaying masks), which
/// updates pruned weights too; it shrinks only when the mask is fixed and pruned weights get no gradient.</item>
/// <item>The dense phase counts dense. Biases, activations, normalisation, the loss and the optimizer are not
/// counted.</item>
/// </list>
/// </para>
/// </summary>
public static class GemmFlops
{
    /// <summary>
    /// FLOPs of one step: forward and input-gradient GEMMs at <paramref name="forwardDensity"/>, weight-gradient GEMM
    /// at <paramref name="weightGradDensity"/>; InputGrad is 0 when <paramref name="inputGradNeeded"/> is false.
    /// </summary>
    public static LayerStepFlops ForStep(
        long weightElements, long rows, double forwardDensity, double weightGradDensity, bool inputGradNeeded = true)
    {
        if (weightElements < 0) throw new ArgumentOutOfRangeException(nameof(weightElements), "must not be negative");
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), "must not be negative");
        long forward = Gemm(rows, KeptElements(weightElements, forwardDensity, nameof(forwardDensity)));
        long weightGrad = Gemm(rows, KeptElements(weightElements, weightGradDensity, nameof(weightGradDensity)));
        return new LayerStepFlops(forward, inputGradNeeded ? forward : 0, weightGrad);
    }

    /// <summary>FLOPs of one dense step (the dense-equivalent cost of any step).</summary>
    public static LayerStepFlops Dense(long weightElements, long rows, bool inputGradNeeded = true) =>
        ForStep(weightElements, rows, 1.0, 1.0, inputGradNeeded);

    /// <summary>
    /// FLOPs of one step in <paramref name="state"/> following the rules in the class summary: forward and
    /// input-gradient GEMMs at N/M when the mask is binary (<see cref="SparsityState.IsBinary"/>), otherwise dense;
    /// the weight-gradient GEMM at N/M only when the mask is binary and <paramref name="maskFixed"/> (pruned weights
    /// receive no gradient), otherwise dense.
    /// </summary>
    public static LayerStepFlops ForState(
        long weightElements, long rows, SparsityState state, bool maskFixed, bool inputGradNeeded = true)
    {
        double forwardDensity = state.IsBinary ? state.Pattern.Density : 1.0;
        double weightGradDensity = state.IsBinary && maskFixed ? state.Pattern.Density : 1.0;
        return ForStep(weightElements, rows, forwardDensity, weightGradDensity, inputGradNeeded);
    }

    private static long KeptElements(long weightElements, double density, string name)
    {
        if (!(density >= 0.0 && density <= 1.0))
            throw new ArgumentOutOfRangeException(name, density, "density must be in [0, 1]");
        return (long)Math.Round(weightElements * density, MidpointRounding.AwayFromZero);
    }

    private static long Gemm(long rows, long keptElements) => checked(2 * rows * keptElements);
}
