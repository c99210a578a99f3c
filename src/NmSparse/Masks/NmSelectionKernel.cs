using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// The managed CPU kernel behind <see cref="NmMask.Compute"/>. A weight is viewed as [pre, D, post] around the
/// grouped dimension D; block b = (p, d / M) holds <c>post</c> groups, group q having its M members at offsets
/// b·M·post + q + k·post (k = 0..M−1). No group is sorted. Groups are processed W = Vector&lt;T&gt;.Count at a time:
/// their |w| are gathered into a tile whose row k holds member k of every group, selected with branch-free SIMD
/// operations (one lane per group) and the mask values scattered back:
/// <list type="bullet">
/// <item>Ranks, for M ≤ <see cref="MaxPairwiseGroup"/> and 2N ≥ M − 1 (2:4, 4:8, 7:8): each member's rank (how many
/// members beat it; an equal member with a lower index beats it) from M(M−1)/2 comparisons; members with rank &lt; N
/// are kept.</item>
/// <item>Rounds, otherwise (1:8, 8:64): N rounds of M comparisons, each keeping the first (lowest-index) member equal
/// to the largest remaining |w| and marking it −1 so it is out of later rounds.</item>
/// </list>
/// Groups of M consecutive weights (post = 1) that fill whole 256-bit vectors are selected in place instead, by
/// <see cref="NmLaneRankKernel"/>. The blocks are split over the libtorch thread count.
/// </summary>
internal static class NmSelectionKernel
{
    /// <summary>Largest M selected by pairwise ranks (M(M−1)/2 comparisons per group against N·M for rounds).</summary>
    public const int MaxPairwiseGroup = 16;

    /// <summary>
    /// Writes the mask (1 kept, 0 pruned) of the contiguous CPU tensor <paramref name="weight"/> into
    /// <paramref name="mask"/> (contiguous, same shape); both have element type <typeparamref name="T"/>.
    /// </summary>
    public static void Fill<T>(Tensor weight, Tensor mask, long pre, long size, long post, NmPattern pattern)
        where T : unmanaged, INumber<T>
    {
        long blocks = pre * (size / pattern.M);
        long elements = blocks * pattern.M * post;
        long workers = Math.Min(ElementWorkers.For(elements), blocks);
        if (workers <= 1)
        {
            FillBlocks<T>(weight, mask, 0, blocks, (int)post, pattern);
            return;
        }
        Parallel.For(0, workers, worker =>
            FillBlocks<T>(weight, mask, blocks * worker / workers, blocks * (worker + 1) / workers, (int)post, pattern));
    }

    // Fully optimized from the first call: tier-0 code of these generic loops is many times slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillBlocks<T>(Tensor weight, Tensor mask, long firstBlock, long endBlock, int post,
        NmPattern pattern)
        where T : unmanaged, INumber<T>
    {
        ReadOnlySpan<T> source = MemoryMarshal.Cast<byte, T>(weight.bytes);
        Span<T> target = MemoryMarshal.Cast<byte, T>(mask.bytes);
        int m = pattern.M;
        int width = Vector<T>.Count;
        Span<T> tile = m * width <= 4096 ? stackalloc T[m * width] : new T[m * width];
        Span<Vector<T>> rows = m <= 256 ? stackalloc Vector<T>[m] : new Vector<T>[m];
        bool byRank = m <= MaxPairwiseGroup && 2 * pattern.N >= m - 1;
        Span<Vector<T>> ranks = byRank ? stackalloc Vector<T>[m] : Span<Vector<T>>.Empty;
        Span<int> offsets = stackalloc int[width];
        int blockSize = m * post;
        int block = checked((int)(firstBlock * blockSize));
        int end = checked((int)(endBlock * blockSize));
        // Consecutive groups (post = 1) that fill whole vectors take the permute path; the rest continue below.
        if (post == 1 && NmLaneRankKernel.Supports<T>(m))
            block = NmLaneRankKernel.Fill(source, target, block, end, pattern.N, m);
        int q = 0;
        while (block < end)
        {
            int lanes = 0;
            for (; lanes < width && block < end; lanes++)
            {
                offsets[lanes] = block + q;
                if (++q == post)
                {
                    q = 0;
                    block += blockSize;
                }
            }
            tile.Clear();
            for (int lane = 0; lane < lanes; lane++)
            {
                for (int k = 0, at = offsets[lane]; k < m; k++, at += post) tile[k * width + lane] = source[at];
            }
            for (int k = 0; k < m; k++) rows[k] = Vector.Abs(new Vector<T>(tile.Slice(k * width, width)));
            if (byRank) SelectByRank(rows, ranks, pattern.N);
            else SelectByRounds(rows, pattern.N);
            for (int k = 0; k < m; k++) rows[k].CopyTo(tile.Slice(k * width, width));
            for (int lane = 0; lane < lanes; lane++)
            {
                for (int k = 0, at = offsets[lane]; k < m; k++, at += post) target[at] = tile[k * width + lane];
            }
        }
    }

    /// <summary>Replaces each row of |w| by its mask values (1 where the member's rank is below n, else 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectByRank<T>(Span<Vector<T>> rows, Span<Vector<T>> ranks, int n)
        where T : unmanaged, INumber<T>
    {
        Vector<T> one = Vector<T>.One;
        int m = rows.Length;
        ranks.Clear();
        for (int j = 0; j < m; j++)
        {
            Vector<T> vj = rows[j];
            Vector<T> rankJ = ranks[j];
            for (int k = j + 1; k < m; k++)
            {
                // j < k, so j beats k on a tie: k's rank grows where vj ≥ vk, j's rank elsewhere.
                Vector<T> jWins = Vector.BitwiseAnd(Vector.GreaterThanOrEqual(vj, rows[k]), one);
                ranks[k] += jWins;
                rankJ += one - jWins;
            }
            ranks[j] = rankJ;
        }
        var kept = new Vector<T>(T.CreateChecked(n));
        for (int k = 0; k < m; k++) rows[k] = Vector.BitwiseAnd(Vector.LessThan(ranks[k], kept), one);
    }

    /// <summary>Replaces each row of |w| (all ≥ 0) by its mask values using n rounds of "take the largest".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SelectByRounds<T>(Span<Vector<T>> rows, int n)
        where T : unmanaged, INumber<T>
    {
        Vector<T> taken = -Vector<T>.One;
        int m = rows.Length;
        for (int round = 0; round < n; round++)
        {
            Vector<T> largest = rows[0];
            for (int k = 1; k < m; k++) largest = Vector.Max(largest, rows[k]);
            // Only the first member equal to the largest is taken, so the lower index wins a tie.
            Vector<T> open = Vector<T>.AllBitsSet;
            for (int k = 0; k < m; k++)
            {
                Vector<T> hit = Vector.BitwiseAnd(Vector.Equals(rows[k], largest), open);
                rows[k] = Vector.ConditionalSelect(hit, taken, rows[k]);
                open = Vector.AndNot(open, hit);
            }
        }
        Vector<T> one = Vector<T>.One;
        for (int k = 0; k < m; k++) rows[k] = Vector.BitwiseAnd(Vector.LessThan(rows[k], Vector<T>.Zero), one);
    }
}
