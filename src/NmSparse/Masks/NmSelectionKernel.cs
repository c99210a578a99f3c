using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// The managed CPU kernel behind <see cref="NmMask.Compute"/>. A weight is viewed as [pre, D, post] around the
/// grouped dimension D; block b = (p, d / M) holds <c>post</c> groups, group q having its M members at offsets
/// b·M·post + q + k·post (k = 0..M−1). Each group is read once and its mask written once; no group is sorted.
/// <list type="bullet">
/// <item>M ≤ <see cref="MaxPairwiseGroup"/>: every member's rank (how many members beat it; an equal member with a
/// lower index beats it) comes from M(M−1)/2 branch-free comparisons, and members with rank &lt; N are kept.</item>
/// <item>Larger M: one scan keeps a short list of the N largest |w| seen so far, sorted by value; an equal value never
/// displaces an earlier one, so the lower index wins ties.</item>
/// </list>
/// The blocks are split over the libtorch thread count.
/// </summary>
internal static class NmSelectionKernel
{
    /// <summary>Largest M handled by pairwise ranks (its cost grows with M per weight).</summary>
    public const int MaxPairwiseGroup = 16;

    /// <summary>Below this many weights per worker a thread is not worth starting.</summary>
    private const long MinElementsPerWorker = 1 << 16;

    /// <summary>
    /// Writes ones at the kept positions of <paramref name="mask"/> (zero-filled, same shape) for the contiguous CPU
    /// tensor <paramref name="weight"/>; both have element type <typeparamref name="T"/>.
    /// </summary>
    public static void Fill<T>(Tensor weight, Tensor mask, long pre, long size, long post, NmPattern pattern)
        where T : unmanaged, INumber<T>
    {
        long blocks = pre * (size / pattern.M);
        long elements = blocks * pattern.M * post;
        long workers = Math.Min(Math.Clamp(elements / MinElementsPerWorker, 1, Math.Max(1, get_num_threads())), blocks);
        if (workers <= 1)
        {
            FillBlocks<T>(weight, mask, 0, blocks, (int)post, pattern);
            return;
        }
        Parallel.For(0, workers, worker =>
            FillBlocks<T>(weight, mask, blocks * worker / workers, blocks * (worker + 1) / workers, (int)post, pattern));
    }

    private static void FillBlocks<T>(Tensor weight, Tensor mask, long firstBlock, long endBlock, int post,
        NmPattern pattern)
        where T : unmanaged, INumber<T>
    {
        ReadOnlySpan<T> source = MemoryMarshal.Cast<byte, T>(weight.bytes);
        Span<T> target = MemoryMarshal.Cast<byte, T>(mask.bytes);
        int start = checked((int)(firstBlock * pattern.M * post));
        int end = checked((int)(endBlock * pattern.M * post));
        if (pattern.M <= MaxPairwiseGroup)
            FillByRank(source, target, start, end, post, pattern.N, pattern.M);
        else
            FillByScan(source, target, start, end, post, pattern.N, pattern.M);
    }

    // Fully optimized from the first call: tier-0 code of these generic loops is many times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillByRank<T>(ReadOnlySpan<T> source, Span<T> target, int start, int end, int post, int n,
        int m)
        where T : unmanaged, INumber<T>
    {
        Span<T> values = stackalloc T[m];
        Span<int> ranks = stackalloc int[m];
        Span<T> maskByRank = stackalloc T[m];
        for (int r = 0; r < m; r++) maskByRank[r] = r < n ? T.One : T.Zero;
        int blockSize = m * post;
        for (int block = start; block < end; block += blockSize)
        {
            for (int group = block; group < block + post; group++)
            {
                for (int k = 0; k < m; k++)
                {
                    values[k] = T.Abs(source[group + k * post]);
                    ranks[k] = 0;
                }
                for (int j = 0; j < m; j++)
                {
                    T vj = values[j];
                    for (int k = j + 1; k < m; k++)
                    {
                        // j < k, so j beats k on a tie.
                        int jWins = vj >= values[k] ? 1 : 0;
                        ranks[k] += jWins;
                        ranks[j] += 1 - jWins;
                    }
                }
                for (int k = 0; k < m; k++) target[group + k * post] = maskByRank[ranks[k]];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillByScan<T>(ReadOnlySpan<T> source, Span<T> target, int start, int end, int post, int n,
        int m)
        where T : unmanaged, INumber<T>
    {
        Span<T> values = n <= 256 ? stackalloc T[n] : new T[n];
        Span<int> members = n <= 256 ? stackalloc int[n] : new int[n];
        int blockSize = m * post;
        for (int block = start; block < end; block += blockSize)
        {
            for (int group = block; group < block + post; group++)
            {
                int count = 0;
                for (int k = 0; k < m; k++)
                {
                    T v = T.Abs(source[group + k * post]);
                    int pos;
                    if (count < n) pos = count++;
                    else if (v > values[n - 1]) pos = n - 1;
                    else continue;
                    // Shift smaller values down; stop at an equal one so earlier members stay ahead.
                    while (pos > 0 && values[pos - 1] < v)
                    {
                        values[pos] = values[pos - 1];
                        members[pos] = members[pos - 1];
                        pos--;
                    }
                    values[pos] = v;
                    members[pos] = k;
                }
                for (int j = 0; j < n; j++) target[group + members[j] * post] = T.One;
            }
        }
    }
}
