using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// N:M magnitude masks: in every group of M consecutive weights the N largest |w| are kept.
/// <para>
/// Grouping (see <see cref="GroupAxis"/>): for Linear [out, in] and Conv2d [out, in, kh, kw] weights the Input axis
/// groups along dimension 1 (input features, or input channels at one kernel position) and the Output axis along
/// dimension 0. Tensors of any other rank group along their last dimension for Input and dimension 0 for Output.
/// </para>
/// <para>
/// Ties: among equal |w| the weight with the lower index inside its group is kept, so the mask is deterministic.
/// Weights are expected to be finite (the mask of a group holding a NaN is unspecified).
/// </para>
/// <para>
/// Implementation: a single pass over the weight in managed code (one scan per group, no sort), several times
/// faster than sorting every group (compare <see cref="ReferenceNmMask"/> in bench/NmSparse.Bench). float32 and
/// float64 weights are read in place; other dtypes are first converted to float32 (exact for float16/bfloat16);
/// weights on another device are copied to the CPU and the mask is moved back. A weight must fit in 2 GB.
/// </para>
/// </summary>
public static class NmMask
{
    /// <summary>
    /// Keeps the N largest |w| in every group of M consecutive weights along <paramref name="axis"/>.
    /// Returns a mask of the weight's shape, dtype and device (1 kept, 0 pruned), no grad. Ties: the lower index
    /// wins. A dense pattern (N = M) gives all ones.
    /// Throws <see cref="UserInputException"/> when the grouped dimension is not divisible by M.
    /// </summary>
    public static Tensor Compute(Tensor weight, NmPattern pattern, GroupAxis axis = GroupAxis.Input)
    {
        long dim = GroupDimension(weight, pattern, axis);
        using var noGrad = no_grad();
        if (pattern.IsDense) return ones_like(weight);

        using var scope = NewDisposeScope();
        long[] shape = weight.shape;
        ScalarType work = weight.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        Tensor source = weight.detach().to(work, CPU).contiguous();
        if (source.numel() * source.ElementSize > int.MaxValue)
            throw new UserInputException(
                $"shape [{string.Join(", ", shape)}] is too large for an N:M mask (more than 2 GB)");
        Tensor mask = zeros(shape, work, CPU);
        long pre = shape.Take((int)dim).Aggregate(1L, (a, b) => a * b);
        long post = shape.Skip((int)dim + 1).Aggregate(1L, (a, b) => a * b);
        if (work == ScalarType.Float64)
            NmSelectionKernel.Fill<double>(source, mask, pre, shape[dim], post, pattern);
        else
            NmSelectionKernel.Fill<float>(source, mask, pre, shape[dim], post, pattern);
        return mask.to(weight.dtype, weight.device).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The dimension M-groups run along for this weight and axis, after checking it divides into groups of M.
    /// Throws <see cref="UserInputException"/> for a scalar or a dimension not divisible by M.
    /// </summary>
    public static long GroupDimension(Tensor weight, NmPattern pattern, GroupAxis axis)
    {
        ArgumentNullException.ThrowIfNull(weight);
        long[] shape = weight.shape;
        if (shape.Length == 0) throw new UserInputException("a scalar weight cannot be split into N:M groups");
        long dim = axis == GroupAxis.Output ? 0
            : shape.Length is 2 or 4 ? 1
            : shape.Length - 1;
        if (shape[dim] % pattern.M != 0)
        {
            string name = axis == GroupAxis.Output ? "output" : "input";
            throw new UserInputException(
                $"shape [{string.Join(", ", shape)}] is not divisible into groups of {pattern.M} " +
                $"along the {name} dimension (size {shape[dim]})");
        }
        return dim;
    }
}
