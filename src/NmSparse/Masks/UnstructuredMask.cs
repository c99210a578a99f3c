using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>Unstructured magnitude masks at a target density. CONTRACT STUB: implemented by the masks work item.</summary>
public static class UnstructuredMask
{
    /// <summary>Keeps the round(density·numel) largest |w| of one tensor (ties: lower flat index wins).</summary>
    public static Tensor Compute(Tensor weight, double density) => throw new NotImplementedException();

    /// <summary>One global threshold over all tensors: keeps round(density·total) weights in all.</summary>
    public static IReadOnlyList<Tensor> ComputeGlobal(IReadOnlyList<Tensor> weights, double density)
        => throw new NotImplementedException();
}
