using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// AVX2 form of <see cref="BatchRowsKernel"/> on the same layout and transposed x: each kept weight is one broadcast
/// multiplied into its input column's x rows, 8 per vector. Sixteen vector registers hold two output rows × 32 x rows
/// (eight accumulators) plus the two broadcasts, so a slab of 64 x rows runs as two halves of 32, one after the other
/// (each reads every row's entries again; a tile of a half touches half of each transposed column's cache lines). Where the output-row <see cref="Avx2Kernel"/> spends a VPERMPS and a
/// load on every FMA, this one spends only the load, which the FMA takes as its memory operand. Every output is summed
/// in the same order as in <see cref="Avx2Kernel"/> (group by group, k by k, one FMA each, from zero; tiles carry
/// over through the sums), so the two give identical bits.
/// </summary>
internal static unsafe class BatchRowsAvx2Kernel
{
    public const int Lanes = 8;

    /// <summary>x rows per half slab: four vectors per output row.</summary>
    public const int HalfRows = 32;

    /// <summary>Runs output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of one slab, all tiles.</summary>
    public static void Run<TValues>(in BatchRowsArgs a, int firstRow, int endRow) where TValues : IValueLanes
    {
        for (int half = 0; half < a.Width; half += HalfRows)
        for (int tile = 0; tile < a.Tiles; tile++)
        for (int row = firstRow; row < endRow; row += BatchRowsKernel.RowsAtOnce)
            TwoRows<TValues>(a, row, tile, half);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoRows<TValues>(in BatchRowsArgs a, int row, int tile, int half) where TValues : IValueLanes
    {
        int stride = a.Width;
        long entry = (long)row * a.EntriesPerRow + (long)tile * a.TileEntries;
        int count = Math.Min(a.TileEntries, a.EntriesPerRow - tile * a.TileEntries);
        byte* v0 = a.Values + entry * TValues.Size, v1 = v0 + (long)a.EntriesPerRow * TValues.Size;
        byte* c0 = a.Columns + entry, c1 = c0 + a.EntriesPerRow;
        float* x = a.XT + (long)tile * a.TileColumns * stride + half;
        float* s0 = a.Sums + (long)row * stride + half, s1 = s0 + stride;
        bool first = tile == 0;
        Vector256<float> a00 = first ? default : Vector256.Load(s0), a01 = first ? default : Vector256.Load(s0 + 8);
        Vector256<float> a02 = first ? default : Vector256.Load(s0 + 16), a03 = first ? default : Vector256.Load(s0 + 24);
        Vector256<float> a10 = first ? default : Vector256.Load(s1), a11 = first ? default : Vector256.Load(s1 + 8);
        Vector256<float> a12 = first ? default : Vector256.Load(s1 + 16), a13 = first ? default : Vector256.Load(s1 + 24);
        for (int e = 0; e < count; e++)
        {
            float* x0 = x + c0[e] * stride, x1 = x + c1[e] * stride;
            Vector256<float> w0 = Vector256.Create(TValues.LoadScalar(v0 + e * TValues.Size));
            Vector256<float> w1 = Vector256.Create(TValues.LoadScalar(v1 + e * TValues.Size));
            a00 = Fma.MultiplyAdd(Vector256.Load(x0), w0, a00);
            a01 = Fma.MultiplyAdd(Vector256.Load(x0 + 8), w0, a01);
            a02 = Fma.MultiplyAdd(Vector256.Load(x0 + 16), w0, a02);
            a03 = Fma.MultiplyAdd(Vector256.Load(x0 + 24), w0, a03);
            a10 = Fma.MultiplyAdd(Vector256.Load(x1), w1, a10);
            a11 = Fma.MultiplyAdd(Vector256.Load(x1 + 8), w1, a11);
            a12 = Fma.MultiplyAdd(Vector256.Load(x1 + 16), w1, a12);
            a13 = Fma.MultiplyAdd(Vector256.Load(x1 + 24), w1, a13);
        }
        a00.Store(s0);
        a01.Store(s0 + 8);
        a02.Store(s0 + 16);
        a03.Store(s0 + 24);
        a10.Store(s1);
        a11.Store(s1 + 8);
        a12.Store(s1 + 16);
        a13.Store(s1 + 24);
    }
}
