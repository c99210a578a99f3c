using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Masks;

/// <summary>
/// The fast path of <see cref="NmSelectionKernel"/> for groups of M consecutive elements (the grouped dimension is
/// the innermost one, e.g. a Linear weight grouped along its input) when M divides the lanes of a 256-bit vector
/// (float: M = 2, 4, 8; double: M = 2, 4). A vector then holds whole groups, each lane member j of its group. Every
/// lane's rank is counted directly: M − 1 in-group rotations (one AVX2 permute each) bring every other member of
/// the group to the lane, which beats it when strictly larger or, on a tie, when its index is lower; members with
/// rank &lt; N are kept. No gather, transpose or scatter, so the mask costs about one read and one write per weight.
/// Same selection and tie-breaking as the general kernel.
/// </summary>
internal static class NmLaneRankKernel
{
    /// <summary>Lanes of the permute: 32-bit elements of a 256-bit vector.</summary>
    private const int Words = 8;

    /// <summary>True when groups of <paramref name="m"/> elements of type T fit whole in a vector this CPU
    /// permutes.</summary>
    public static bool Supports<T>(int m) where T : unmanaged =>
        Avx2.IsSupported && m >= 2 && Vector256<T>.Count % m == 0;

    /// <summary>
    /// Writes the 0/1 mask of the groups in elements [<paramref name="start"/>, <paramref name="end"/>) of
    /// <paramref name="source"/> (|w| of consecutive groups of <paramref name="m"/>; start a multiple of m) into the
    /// same elements of <paramref name="target"/>, as far as whole vectors reach. Returns the first element not
    /// written (the caller finishes the remaining groups).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Fill<T>(ReadOnlySpan<T> source, Span<T> target, int start, int end, int n, int m)
        where T : unmanaged, INumber<T>
    {
        int width = Vector256<T>.Count;
        Span<Vector256<int>> rotations = stackalloc Vector256<int>[m - 1];
        Span<Vector256<T>> earlier = stackalloc Vector256<T>[m - 1];
        Rotations<T>(m, rotations, earlier);
        var one = Vector256<T>.One;
        var kept = Vector256.Create(T.CreateChecked(n));
        ref T from = ref MemoryMarshal.GetReference(source);
        ref T to = ref MemoryMarshal.GetReference(target);
        int at = start;
        for (; at + width <= end; at += width)
        {
            var value = Vector256.Abs(Vector256.LoadUnsafe(ref from, (nuint)at));
            var rank = Vector256<T>.Zero;
            for (int r = 0; r < rotations.Length; r++)
            {
                var other = Avx2.PermuteVar8x32(value.AsSingle(), rotations[r]).As<float, T>();
                var beats = Vector256.GreaterThan(other, value) | (Vector256.Equals(other, value) & earlier[r]);
                rank += beats & one;
            }
            (Vector256.LessThan(rank, kept) & one).StoreUnsafe(ref to, (nuint)at);
        }
        return at;
    }

    /// <summary>
    /// For r = 1 … m − 1: the permute (over 32-bit words) that brings member (j + r) mod m of each group to the lane
    /// of member j, and the lanes where that member comes first (its index (j + r) mod m is below j).
    /// </summary>
    private static void Rotations<T>(int m, Span<Vector256<int>> rotations, Span<Vector256<T>> earlier)
        where T : unmanaged
    {
        int wordsPerLane = Words / Vector256<T>.Count;
        Span<int> index = stackalloc int[Words];
        Span<int> first = stackalloc int[Words];
        for (int r = 1; r < m; r++)
        {
            for (int word = 0; word < Words; word++)
            {
                int lane = word / wordsPerLane;
                int member = lane % m;
                int other = (member + r) % m;
                index[word] = (lane - member + other) * wordsPerLane + word % wordsPerLane;
                first[word] = other < member ? -1 : 0;
            }
            rotations[r - 1] = Vector256.Create<int>(index);
            earlier[r - 1] = Vector256.Create<int>(first).As<int, T>();
        }
    }
}
