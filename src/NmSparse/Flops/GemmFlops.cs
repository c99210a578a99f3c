using NmSparse.Sparsity;

namespace NmSparse.Flops;

/// <summary>
/// The training-FLOP rule: exact integer counts for one training step of a GEMM-shaped layer, from host values only
/// (shapes, the number of weights the mask keeps, the masking mode and β), so counting never reads a tensor.
/// <para>
/// Shape: a Linear layer has weightElements = in·out and rows = the number of input vectors in the batch (batch ·
/// sequence length); a Conv2d layer has weightElements = out·in·kh·kw/groups and rows = batch·H_out·W_out (im2col
/// view). Each of the three GEMMs - forward (y = xWᵀ), input gradient (dL/dx = dL/dy·W) and weight gradient
/// (dL/dW = dL/dyᵀ·x) - costs 2·rows·weightElements FLOPs when dense (a multiply-add counts as 2).
/// </para>
/// <para>
/// Sparsity: a GEMM that uses the mask costs 2·rows·keptWeights, i.e. only the kept weights are multiplied (for an
/// N:M mask keptWeights = weightElements·N/M exactly). Which GEMMs use it:
/// <list type="bullet">
/// <item>Forward and input-gradient GEMMs shrink only with a binary mask: a fixed mask, or a straight-through mask
/// with β = 0. With mask decay (β &gt; 0) the pruned weights still take part, so they count dense.</item>
/// <item>The weight-gradient GEMM stays dense for the straight-through family (STE, SR-STE, decaying masks), which
/// updates pruned weights too; it shrinks only when the mask is fixed and pruned weights get no gradient.</item>
/// <item>The dense mode (dense phase, dense recipe) counts dense. Biases, activations, normalisation, the loss and
/// the optimizer are not counted.</item>
/// </list>
/// </para>
/// </summary>
public static class GemmFlops
{
    /// <summary>
    /// FLOPs of one step of a layer with <paramref name="weightElements"/> weights, of which its mask keeps
    /// <paramref name="keptWeights"/>, run in <paramref name="mode"/> with <paramref name="beta"/> (see the class
    /// summary); InputGrad is 0 when <paramref name="inputGradNeeded"/> is false.
    /// </summary>
    public static LayerStepFlops ForStep(
        long weightElements, long keptWeights, long rows, MaskMode mode, double beta, bool inputGradNeeded = true)
    {
        if (weightElements < 0) throw new ArgumentOutOfRangeException(nameof(weightElements), "must not be negative");
        if (keptWeights < 0 || keptWeights > weightElements)
            throw new ArgumentOutOfRangeException(nameof(keptWeights), keptWeights, "must be in [0, weightElements]");
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), "must not be negative");
        bool binaryForward = mode == MaskMode.Fixed || (mode == MaskMode.StraightThrough && beta == 0.0);
        long forward = Gemm(rows, binaryForward ? keptWeights : weightElements);
        long weightGrad = Gemm(rows, mode == MaskMode.Fixed ? keptWeights : weightElements);
        return new LayerStepFlops(forward, inputGradNeeded ? forward : 0, weightGrad);
    }

    /// <summary>FLOPs of one dense step (the dense-equivalent cost of any step).</summary>
    public static LayerStepFlops Dense(long weightElements, long rows, bool inputGradNeeded = true) =>
        ForStep(weightElements, weightElements, rows, MaskMode.Dense, 1.0, inputGradNeeded);

    private static long Gemm(long rows, long keptElements) => checked(2 * rows * keptElements);
}
