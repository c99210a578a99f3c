using System.Numerics;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace NmSparse.Masks;

/// <summary>
/// The managed CPU kernel behind <see cref="NmMask.Compute"/>. A weight is viewed as [pre, D, post] around the
/// grouped dimension D; block b = (p, d / M) holds <c>post</c> groups, group q having its M members at offsets
/// b·M·post + q + k·post (k = 0..M−1). Each group is scanned once, keeping a small list of the N largest |w| seen
/// so far sorted by value (an equal value never displaces an earlier one, so the lower index wins ties). The work is
/// one read of the weight and one write of the mask, split over the libtorch thread count; a sort-based mask does a
/// full sort per group instead.
/// </summary>
internal static class NmSelectionKernel
{
    /// <summary>Groups below this many elements per worker are not worth a thread.</summary>
    private const long MinElementsPerWorker = 1 << 16;

    /// <summary>
    /// Writes ones at the kept positions of <paramref name="mask"/> (zero-filled, same shape) for the contiguous CPU
    /// tensor <paramref name="weight"/>; both have element type <typeparamref name="T"/>.
    /// </summary>
    public static void Fill<T>(Tensor weight, Tensor mask, long pre, long size, long post, NmPattern pattern)
        where T : unmanaged, INumber<T>
    {
        long blocks = pre * (size / pattern.M);
        long blockElements = pattern.M * post;
        int workers = (int)Math.Clamp(blocks * blockElements / MinElementsPerWorker, 1, Math.Max(1, get_num_threads()));
        workers = (int)Math.Min(workers, blocks);
        if (workers <= 1)
        {
            FillBlocks<T>(weight, mask, 0, blocks, post, pattern);
            return;
        }
        Parallel.For(0, workers, worker =>
        {
            long first = blocks * worker / workers;
            long end = blocks * (worker + 1) / workers;
            FillBlocks<T>(weight, mask, first, end, post, pattern);
        });
    }

    private static void FillBlocks<T>(Tensor weight, Tensor mask, long firstBlock, long endBlock, long post,
        NmPattern pattern)
        where T : unmanaged, INumber<T>
    {
        ReadOnlySpan<T> source = MemoryMarshal.Cast<byte, T>(weight.bytes);
        Span<T> target = MemoryMarshal.Cast<byte, T>(mask.bytes);
        int n = pattern.N;
        int m = pattern.M;
        Span<T> values = n <= 256 ? stackalloc T[n] : new T[n];
        Span<int> members = n <= 256 ? stackalloc int[n] : new int[n];
        for (long block = firstBlock; block < endBlock; block++)
        {
            int blockStart = checked((int)(block * m * post));
            for (int q = 0; q < post; q++)
            {
                int groupStart = blockStart + q;
                int count = 0;
                for (int k = 0; k < m; k++)
                {
                    T v = T.Abs(source[groupStart + k * (int)post]);
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
                for (int j = 0; j < n; j++) target[groupStart + members[j] * (int)post] = T.One;
            }
        }
    }
}
