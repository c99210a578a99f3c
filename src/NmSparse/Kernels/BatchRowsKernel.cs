using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// AVX-512 product for larger batches that vectorises across x rows instead of output rows: x is transposed so that
/// one column holds 16 x rows per vector, and each kept weight is one broadcast multiplied into its input column's
/// 32 or 64 x rows (two or four FMAs with the column as memory operand), two output rows at a time so 4–8 FMA chains
/// are in flight. No permute: where the output-row kernel spends a permute on every FMA (on Intel cores they share a
/// port), this one spends a load, and at batch 64 it does half (2:4) to an eighth (1:8) of a dense GEMM's FMAs.
/// The input axis runs in tiles of at most <see cref="TileInputs"/> columns (8–16 KB of x per vector) that stay in
/// the L1 cache while every row of a chunk reads them; the sums carry over between tiles. Every output is summed in
/// the same order as in <see cref="Avx512Kernel"/> (group by group, k by k, one FMA each, from zero), so the two
/// kernels give identical bits.
/// </summary>
internal static unsafe class BatchRowsKernel
{
    public const int Lanes = 16;

    /// <summary>Most input columns per tile (a whole number of groups is used).</summary>
    public const int TileInputs = 128;

    /// <summary>Output rows per inner loop; chunks of rows start at multiples of it.</summary>
    public const int RowsAtOnce = 2;

    /// <summary>Most x rows per slab: four vectors, eight accumulators for two output rows.</summary>
    public const int MaxSlabRows = 64;

    /// <summary>Vectors of x rows for a slab of <paramref name="rows"/> (≤ <see cref="MaxSlabRows"/>) rows.</summary>
    public static int VectorsFor(int rows) => rows <= 2 * Lanes ? 2 : 4;

    /// <summary>Runs output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of one slab, all tiles.</summary>
    public static void Run<TValues>(in BatchRowsArgs a, int firstRow, int endRow) where TValues : IValueLanes
    {
        if (a.Width == 2 * Lanes) Run<TValues, TwoVectors>(a, firstRow, endRow);
        else Run<TValues, FourVectors>(a, firstRow, endRow);
    }

    private static void Run<TValues, TVectors>(in BatchRowsArgs a, int firstRow, int endRow)
        where TValues : IValueLanes where TVectors : IVectorCount
    {
        for (int tile = 0; tile < a.Tiles; tile++)
        for (int row = firstRow; row < endRow; row += RowsAtOnce)
            TwoRows<TValues, TVectors>(a, row, tile);
    }

    /// <summary>
    /// y [slab rows, out] for output rows [<paramref name="firstRow"/>, <paramref name="endRow"/>): the sums
    /// transposed back, plus the bias.
    /// </summary>
    public static void WriteOutputs(in BatchRowsArgs a, int firstRow, int endRow)
    {
        for (int row = firstRow; row < Math.Min(endRow, a.OutFeatures); row++)
        {
            float* sums = a.Sums + (long)row * a.Width;
            float bias = a.Bias[row];
            for (int b = 0; b < a.SlabRows; b++) a.Y[(long)b * a.OutFeatures + row] = sums[b] + bias;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoRows<TValues, TVectors>(in BatchRowsArgs a, int row, int tile)
        where TValues : IValueLanes where TVectors : IVectorCount
    {
        bool four = TVectors.Count == 4;
        int stride = TVectors.Count * Lanes;
        long entry = (long)row * a.EntriesPerRow + (long)tile * a.TileEntries;
        int count = Math.Min(a.TileEntries, a.EntriesPerRow - tile * a.TileEntries);
        byte* v0 = a.Values + entry * TValues.Size, v1 = v0 + (long)a.EntriesPerRow * TValues.Size;
        byte* c0 = a.Columns + entry, c1 = c0 + a.EntriesPerRow;
        float* x = a.XT + (long)tile * a.TileColumns * stride;
        float* s0 = a.Sums + (long)row * stride, s1 = s0 + stride;
        bool first = tile == 0;
        Vector512<float> a00 = first ? default : Vector512.Load(s0), a01 = first ? default : Vector512.Load(s0 + 16);
        Vector512<float> a10 = first ? default : Vector512.Load(s1), a11 = first ? default : Vector512.Load(s1 + 16);
        Vector512<float> a02 = default, a03 = default, a12 = default, a13 = default;
        if (four && !first)
        {
            a02 = Vector512.Load(s0 + 32);
            a03 = Vector512.Load(s0 + 48);
            a12 = Vector512.Load(s1 + 32);
            a13 = Vector512.Load(s1 + 48);
        }
        for (int e = 0; e < count; e++)
        {
            float* x0 = x + c0[e] * stride, x1 = x + c1[e] * stride;
            Vector512<float> w0 = Vector512.Create(TValues.LoadScalar(v0 + e * TValues.Size));
            Vector512<float> w1 = Vector512.Create(TValues.LoadScalar(v1 + e * TValues.Size));
            a00 = Avx512F.FusedMultiplyAdd(Vector512.Load(x0), w0, a00);
            a01 = Avx512F.FusedMultiplyAdd(Vector512.Load(x0 + 16), w0, a01);
            a10 = Avx512F.FusedMultiplyAdd(Vector512.Load(x1), w1, a10);
            a11 = Avx512F.FusedMultiplyAdd(Vector512.Load(x1 + 16), w1, a11);
            if (!four) continue;
            a02 = Avx512F.FusedMultiplyAdd(Vector512.Load(x0 + 32), w0, a02);
            a03 = Avx512F.FusedMultiplyAdd(Vector512.Load(x0 + 48), w0, a03);
            a12 = Avx512F.FusedMultiplyAdd(Vector512.Load(x1 + 32), w1, a12);
            a13 = Avx512F.FusedMultiplyAdd(Vector512.Load(x1 + 48), w1, a13);
        }
        a00.Store(s0);
        a01.Store(s0 + 16);
        a10.Store(s1);
        a11.Store(s1 + 16);
        if (!four) return;
        a02.Store(s0 + 32);
        a03.Store(s0 + 48);
        a12.Store(s1 + 32);
        a13.Store(s1 + 48);
    }
}
