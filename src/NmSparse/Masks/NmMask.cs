using TorchSharp;
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
/// Implementation: a CPU weight takes a single pass in managed code (one scan per group, no sort), several times
/// faster than sorting every group (compare <see cref="ReferenceNmMask"/> in bench/NmSparse.Bench); float32 and
/// float64 weights are read in place and other dtypes are first converted to float32 (exact for float16/bfloat16).
/// Groups of consecutive weights (the default Input axis of a Linear weight) are ranked a vector of groups at a
/// time by in-group permutes, at about one read and one write per weight (7× faster than the scan for 2:4).
/// A weight on any other device (CUDA), or a CPU weight above 2 GB (as float32/float64), is masked with libtorch
/// operations on its device (<see cref="ComputeWithTorchOps"/>): nothing is copied to the host and the host does
/// not wait for the device. Both paths give identical masks.
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
        ScalarType work = weight.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        // The managed kernel indexes spans with int, so it takes CPU weights of up to 2 GB.
        long bytes = weight.numel() * (work == ScalarType.Float64 ? sizeof(double) : sizeof(float));
        if (weight.device_type != DeviceType.CPU || bytes > int.MaxValue)
            return NmRankKernel.Compute(weight, dim, pattern);

        using var scope = NewDisposeScope();
        long[] shape = weight.shape;
        Tensor source = weight.detach().to(work).contiguous();
        Tensor mask = empty(shape, work); // the kernel writes every element
        long pre = shape.Take((int)dim).Aggregate(1L, (a, b) => a * b);
        long post = shape.Skip((int)dim + 1).Aggregate(1L, (a, b) => a * b);
        if (work == ScalarType.Float64)
            NmSelectionKernel.Fill<double>(source, mask, pre, shape[dim], post, pattern);
        else
            NmSelectionKernel.Fill<float>(source, mask, pre, shape[dim], post, pattern);
        return mask.to(weight.dtype).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The same mask as <see cref="Compute"/>, always computed with libtorch operations on the weight's device (by
    /// ranking every pair of members of a group; see the class summary). <see cref="Compute"/> uses it for weights
    /// that are not on the CPU; on the CPU it is slower than the managed kernel.
    /// </summary>
    public static Tensor ComputeWithTorchOps(Tensor weight, NmPattern pattern, GroupAxis axis = GroupAxis.Input)
    {
        long dim = GroupDimension(weight, pattern, axis);
        using var noGrad = no_grad();
        return pattern.IsDense ? ones_like(weight) : NmRankKernel.Compute(weight, dim, pattern);
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
