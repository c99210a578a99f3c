using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// AVX-512 product over 16 output rows per vector. Each x row gives a window of 16 or 32 floats (one or two
/// registers) holding the group; VPERMPS / VPERMT2PS with the 16 rows' stored positions as control picks every row's
/// kept input from it (a permute, not a gather), and one FMA with the 16 rows' values accumulates. For M ≤ 16 windows
/// are 16-float aligned and loaded once for all groups inside them; for larger M each group's window starts at the
/// group. Up to eight x rows share each decoded value/position vector.
/// </summary>
internal static unsafe class Avx512Kernel
{
    public const int Lanes = 16;

    /// <summary>Window alignment for M: 16-float windows when a group fits in two registers from one.</summary>
    public static int WindowAlign(int m) => m <= Lanes ? Lanes : 1;

    /// <summary>How the layout stores positions for this M (see <see cref="IPositionLanes"/>).</summary>
    public static PositionFormat Format(int m) => m switch
    {
        2 or 4 => PositionFormat.Packed,
        8 or 16 => PositionFormat.Nibbles,
        _ => PositionFormat.Bytes,
    };

    public static void Run<TValues>(in KernelArgs a, int firstBlock, int endBlock, int g0, int g1)
        where TValues : IValueLanes
    {
        switch (Format(a.M))
        {
            case PositionFormat.Packed:
                Run<TValues, OneRegister, PackedPositions>(a, firstBlock, endBlock, g0, g1);
                break;
            case PositionFormat.Nibbles:
                Run<TValues, OneRegister, NibblePositions>(a, firstBlock, endBlock, g0, g1);
                break;
            default:
                Run<TValues, TwoRegisters, BytePositions>(a, firstBlock, endBlock, g0, g1);
                break;
        }
    }

    private static void Run<TValues, TWindow, TPositions>(in KernelArgs a, int firstBlock, int endBlock, int g0,
        int g1) where TValues : IValueLanes where TWindow : IWindow where TPositions : IPositionLanes
    {
        int rows = a.Batch / 4 * 4;
        for (int block = firstBlock; block < endBlock; block++)
        {
            int row = 0;
            for (; row + 8 <= rows; row += 8)
                Block<TValues, TWindow, TPositions, EightRows>(a, block, row, g0, g1);
            for (; row < rows; row += 4)
                Block<TValues, TWindow, TPositions, FourRows>(a, block, row, g0, g1);
        }
        // The last batch % 4 rows (all of them at batch 1) one at a time, four blocks at once: four independent
        // FMA chains instead of one, and one x window load for all four.
        for (int row = rows; row < a.Batch; row++)
        {
            int block = firstBlock;
            for (; block + 4 <= endBlock; block += 4) FourBlocks<TValues, TWindow, TPositions>(a, block, row, g0, g1);
            for (; block < endBlock; block++) Block<TValues, TWindow, TPositions, OneRow>(a, block, row, g0, g1);
        }
    }

    /// <summary>
    /// Blocks block … block + 3 for x row <paramref name="row"/>; each output sums in the same order as
    /// <see cref="Block{TValues,TWindow,TPositions,TRows}"/>, so results are identical.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FourBlocks<TValues, TWindow, TPositions>(in KernelArgs a, int block, int row, int g0, int g1)
        where TValues : IValueLanes where TWindow : IWindow where TPositions : IPositionLanes
    {
        long entry = ((long)block * a.BlockEntries + (long)g0 * a.N * Lanes) / Lanes;
        long valueStride = (long)a.BlockEntries * TValues.Size;
        long positionStride = (long)a.BlockEntries / Lanes * TPositions.Bytes;
        byte* v0 = a.Values + entry * Lanes * TValues.Size, v1 = v0 + valueStride;
        byte* v2 = v1 + valueStride, v3 = v2 + valueStride;
        byte* p0 = a.Positions + entry * TPositions.Bytes, p1 = p0 + positionStride;
        byte* p2 = p1 + positionStride, p3 = p2 + positionStride;
        int bits = PositionFormat.Packed.BitsFor(a.M);
        Vector512<int> shifts = Vector512<int>.Indices * bits, mask = Vector512.Create((1 << bits) - 1);
        float* x = a.X + (long)row * a.XStride;
        float* s0 = a.SumsAt(block, row), s1 = s0 + Lanes, s2 = s1 + Lanes, s3 = s2 + Lanes;
        bool first = g0 == 0;
        Vector512<float> acc0 = first ? default : Vector512.Load(s0), acc1 = first ? default : Vector512.Load(s1);
        Vector512<float> acc2 = first ? default : Vector512.Load(s2), acc3 = first ? default : Vector512.Load(s3);
        int shared = TWindow.TwoRegisters ? 1 : Lanes / a.M, n = a.N, step = Lanes * TValues.Size;
        for (int g = g0; g < g1; g += shared)
        {
            Load<TWindow>(x + a.WindowStart(g), out Vector512<float> lo, out Vector512<float> hi);
            for (int j = 0, groups = Math.Min(shared, g1 - g); j < groups; j++)
            {
                Vector512<int> offset = Vector512.Create(j * a.M);
                for (int k = 0; k < n; k++)
                {
                    acc0 = Avx512F.FusedMultiplyAdd(
                        Pick<TWindow>(lo, hi, TPositions.Decode(p0, offset, shifts, mask)), TValues.Load16(v0), acc0);
                    acc1 = Avx512F.FusedMultiplyAdd(
                        Pick<TWindow>(lo, hi, TPositions.Decode(p1, offset, shifts, mask)), TValues.Load16(v1), acc1);
                    acc2 = Avx512F.FusedMultiplyAdd(
                        Pick<TWindow>(lo, hi, TPositions.Decode(p2, offset, shifts, mask)), TValues.Load16(v2), acc2);
                    acc3 = Avx512F.FusedMultiplyAdd(
                        Pick<TWindow>(lo, hi, TPositions.Decode(p3, offset, shifts, mask)), TValues.Load16(v3), acc3);
                    v0 += step;
                    v1 += step;
                    v2 += step;
                    v3 += step;
                    p0 += TPositions.Bytes;
                    p1 += TPositions.Bytes;
                    p2 += TPositions.Bytes;
                    p3 += TPositions.Bytes;
                }
            }
        }
        acc0.Store(s0);
        acc1.Store(s1);
        acc2.Store(s2);
        acc3.Store(s3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TValues, TWindow, TPositions, TRows>(in KernelArgs a, int block, int row, int g0,
        int g1) where TValues : IValueLanes where TWindow : IWindow where TPositions : IPositionLanes
        where TRows : IRowCount
    {
        long entry = ((long)block * a.BlockEntries + (long)g0 * a.N * Lanes) / Lanes;
        byte* values = a.Values + entry * Lanes * TValues.Size;
        byte* positions = a.Positions + entry * TPositions.Bytes;
        int bits = PositionFormat.Packed.BitsFor(a.M);
        Vector512<int> shifts = Vector512<int>.Indices * bits, mask = Vector512.Create((1 << bits) - 1);
        int rows = TRows.Count;
        float* x0 = a.X + (long)row * a.XStride;
        float* x1 = x0 + a.XStride, x2 = x1 + a.XStride, x3 = x2 + a.XStride;
        float* x4 = x3 + a.XStride, x5 = x4 + a.XStride, x6 = x5 + a.XStride, x7 = x6 + a.XStride;
        float* s0 = a.SumsAt(block, row);
        float* s1 = s0 + a.SumsStride, s2 = s1 + a.SumsStride, s3 = s2 + a.SumsStride;
        float* s4 = s3 + a.SumsStride, s5 = s4 + a.SumsStride, s6 = s5 + a.SumsStride, s7 = s6 + a.SumsStride;
        bool first = g0 == 0;
        Vector512<float> acc0 = first ? default : Vector512.Load(s0), acc1 = default, acc2 = default;
        Vector512<float> acc3 = default, acc4 = default, acc5 = default, acc6 = default, acc7 = default;
        if (rows >= 4 && !first)
        {
            acc1 = Vector512.Load(s1);
            acc2 = Vector512.Load(s2);
            acc3 = Vector512.Load(s3);
        }
        if (rows >= 8 && !first)
        {
            acc4 = Vector512.Load(s4);
            acc5 = Vector512.Load(s5);
            acc6 = Vector512.Load(s6);
            acc7 = Vector512.Load(s7);
        }
        Vector512<float> lo0 = default, lo1 = default, lo2 = default, lo3 = default;
        Vector512<float> lo4 = default, lo5 = default, lo6 = default, lo7 = default;
        Vector512<float> hi0 = default, hi1 = default, hi2 = default, hi3 = default;
        Vector512<float> hi4 = default, hi5 = default, hi6 = default, hi7 = default;
        // Groups sharing one window: 16 / M of them for aligned windows that M divides, else one per window.
        int shared = TWindow.TwoRegisters ? 1 : Lanes / a.M;
        for (int g = g0; g < g1; g += shared)
        {
            int start = a.WindowStart(g);
            Load<TWindow>(x0 + start, out lo0, out hi0);
            if (rows >= 4)
            {
                Load<TWindow>(x1 + start, out lo1, out hi1);
                Load<TWindow>(x2 + start, out lo2, out hi2);
                Load<TWindow>(x3 + start, out lo3, out hi3);
            }
            if (rows >= 8)
            {
                Load<TWindow>(x4 + start, out lo4, out hi4);
                Load<TWindow>(x5 + start, out lo5, out hi5);
                Load<TWindow>(x6 + start, out lo6, out hi6);
                Load<TWindow>(x7 + start, out lo7, out hi7);
            }
            for (int j = 0, groups = Math.Min(shared, g1 - g); j < groups; j++)
            for (int k = 0; k < a.N; k++)
            {
                Vector512<float> v = TValues.Load16(values);
                Vector512<int> p = TPositions.Decode(positions, Vector512.Create(j * a.M), shifts, mask);
                values += Lanes * TValues.Size;
                positions += TPositions.Bytes;
                acc0 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo0, hi0, p), v, acc0);
                if (rows >= 4)
                {
                    acc1 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo1, hi1, p), v, acc1);
                    acc2 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo2, hi2, p), v, acc2);
                    acc3 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo3, hi3, p), v, acc3);
                }
                if (rows >= 8)
                {
                    acc4 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo4, hi4, p), v, acc4);
                    acc5 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo5, hi5, p), v, acc5);
                    acc6 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo6, hi6, p), v, acc6);
                    acc7 = Avx512F.FusedMultiplyAdd(Pick<TWindow>(lo7, hi7, p), v, acc7);
                }
            }
        }
        acc0.Store(s0);
        if (rows < 4) return;
        acc1.Store(s1);
        acc2.Store(s2);
        acc3.Store(s3);
        if (rows < 8) return;
        acc4.Store(s4);
        acc5.Store(s5);
        acc6.Store(s6);
        acc7.Store(s7);
    }

    /// <summary>An x window: 16 floats, plus the next 16 for a two-register window.</summary>
    private static void Load<TWindow>(float* start, out Vector512<float> low, out Vector512<float> high)
        where TWindow : IWindow
    {
        low = Vector512.Load(start);
        high = TWindow.TwoRegisters ? Vector512.Load(start + Lanes) : default;
    }

    /// <summary>Lane i gets window[p[i]].</summary>
    private static Vector512<float> Pick<TWindow>(Vector512<float> low, Vector512<float> high, Vector512<int> p)
        where TWindow : IWindow =>
        TWindow.TwoRegisters ? Avx512F.PermuteVar16x32x2(low, p, high) : Avx512F.PermuteVar16x32(low, p);
}
