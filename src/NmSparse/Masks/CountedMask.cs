using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// A 0/1 mask together with the number of ones it holds, known on the host, so counting FLOPs never has to read the
/// mask back from its device.
/// </summary>
public readonly record struct CountedMask(Tensor Mask, long Kept);
