using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Recipes;

/// <summary>
/// One layer handed to <see cref="IRecipe.ComputeMasks"/>: its dense weight, its current mask, the N:M it should
/// use now (the step's pattern or the layer's override), the grouping axis and, after a calibration pass, the L2
/// norm of each input feature (null otherwise).
/// </summary>
public readonly record struct MaskTarget(
    string Name, Tensor Weight, Tensor Mask, NmPattern Pattern, GroupAxis Axis, Tensor? InputNorms = null);
