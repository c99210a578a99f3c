using NmSparse.Masks;
using NmSparse.Sparsity;

namespace NmSparse.Translation.Deploy;

/// <summary>A sparsified layer of a trained model with the N:M pattern and group axis its final mask has.</summary>
public sealed record SparsifiedWeight(string Name, SparseLayer Layer, NmPattern Pattern, GroupAxis Axis)
{
    /// <summary>The layer's weight entry in the state dict ("{Name}.weight").</summary>
    public string WeightName => Name + ".weight";

    /// <summary>True when <see cref="Kernels.NmSparseLinear"/> can run it: input-axis groups of M ≤ 32.</summary>
    public bool RunsOnKernel => Axis == GroupAxis.Input && Pattern.M <= Kernels.NmSparseLinear.MaxGroupSize;
}
