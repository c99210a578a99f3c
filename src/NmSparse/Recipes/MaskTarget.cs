using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Recipes;

/// <summary>
/// One layer handed to <see cref="IRecipe.ComputeMasks"/>: its dense weight, its current mask, the N:M it should
/// use now (the step's pattern or the layer's override) and the grouping axis.
/// </summary>
public readonly record struct MaskTarget(string Name, Tensor Weight, Tensor Mask, NmPattern Pattern, GroupAxis Axis);
