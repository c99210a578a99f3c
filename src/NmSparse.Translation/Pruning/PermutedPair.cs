namespace NmSparse.Translation.Pruning;

/// <summary>
/// One channel permutation folded into a layer pair before pruning: the layer whose input channels were reordered,
/// the one whose output channels took the same order, the swaps the search made and the magnitude the layer's N:M
/// mask keeps before and after.
/// </summary>
public sealed record PermutedPair(string Previous, string Layer, int Swaps, double KeptBefore, double KeptAfter);
