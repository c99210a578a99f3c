using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// Scores an N:M selection can rank instead of |w|: <see cref="NmMask.Compute"/> keeps the N largest |score| of
/// each group, so passing a non-negative score tensor keeps the N largest scores (ties: lower index).
/// </summary>
public static class MaskScores
{
    /// <summary>|w|.</summary>
    public static Tensor Magnitude(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        using var noGrad = no_grad();
        return weight.abs();
    }

    /// <summary>
    /// Wanda (Sun et al. 2023): S_ij = |w_ij|·‖x_j‖ for a Linear weight [out, in] and the L2 norms [in] of its input
    /// features over the calibration activations. Grouped along the input (the default), this ranks the weights of
    /// each output row by their contribution; grouped along the output every member of a group shares ‖x_j‖, so
    /// the mask equals the magnitude mask.
    /// </summary>
    public static Tensor Wanda(Tensor weight, Tensor inputNorms)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(inputNorms);
        if (weight.dim() != 2 || inputNorms.dim() != 1 || inputNorms.shape[0] != weight.shape[1])
            throw new UserInputException(
                $"Wanda scores need a Linear weight [out, in] and norms [in]; got weight " +
                $"[{string.Join(", ", weight.shape)}] and norms [{string.Join(", ", inputNorms.shape)}]");
        using var noGrad = no_grad();
        using var norms = inputNorms.to(weight.dtype, weight.device).unsqueeze(0);
        return weight.abs().mul_(norms);
    }
}
