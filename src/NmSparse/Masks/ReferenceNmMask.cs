using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// The straightforward N:M mask: stable-sort every group of M by |w| (descending), take the first N indices and
/// scatter ones there. Same contract and tie-breaking as <see cref="NmMask.Compute"/> (lower index wins), built only
/// from libtorch operations, but slower; it is the baseline in the benchmarks and the oracle in the tests.
/// </summary>
public static class ReferenceNmMask
{
    /// <summary>The N:M mask of <paramref name="weight"/>, computed by sorting each group.</summary>
    public static Tensor Compute(Tensor weight, NmPattern pattern, GroupAxis axis = GroupAxis.Input)
    {
        long dim = NmMask.GroupDimension(weight, pattern, axis);
        using var noGrad = no_grad();
        if (pattern.IsDense) return ones_like(weight);

        using var scope = NewDisposeScope();
        long last = weight.dim() - 1;
        Tensor moved = dim == last ? weight : weight.movedim(new[] { dim }, new[] { last });
        Tensor groups = moved.abs().reshape(-1, pattern.M);
        Tensor kept = groups.sort(dim: 1, descending: true, stable: true).Indices.narrow(1, 0, pattern.N);
        Tensor keep = zeros_like(groups).scatter_(1, kept, ones_like(kept, groups.dtype)).reshape(moved.shape);
        Tensor mask = dim == last ? keep : keep.movedim(new[] { last }, new[] { dim }).contiguous();
        return mask.to(weight.dtype).MoveToOuterDisposeScope();
    }
}
