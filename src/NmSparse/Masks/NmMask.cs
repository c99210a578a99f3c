using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>N:M magnitude masks. CONTRACT STUB: implemented by the masks work item.</summary>
public static class NmMask
{
    /// <summary>
    /// Keeps the N largest |w| in every group of M consecutive weights along <paramref name="axis"/>.
    /// Returns a mask of the weight's shape and dtype (1 kept, 0 pruned), no grad. Ties: the lower index wins.
    /// Throws <see cref="UserInputException"/> when the grouped dimension is not divisible by M.
    /// </summary>
    public static Tensor Compute(Tensor weight, NmPattern pattern, GroupAxis axis = GroupAxis.Input)
        => throw new NotImplementedException();
}
