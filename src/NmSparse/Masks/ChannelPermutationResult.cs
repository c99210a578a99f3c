namespace NmSparse.Masks;

/// <summary>
/// A permutation of input channels found by <see cref="ChannelPermutation.Search"/>: new channel k is old channel
/// <see cref="Permutation"/>[k]; the score the N:M mask keeps before (identity) and after; the swaps applied.
/// </summary>
public sealed record ChannelPermutationResult(long[] Permutation, double KeptBefore, double KeptAfter, int Swaps);
