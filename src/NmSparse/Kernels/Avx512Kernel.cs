using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// AVX-512 product over 16 output rows per vector. For group g each x row gives a 32-float window starting at
/// x[g·M] (two registers); VPERMT2PS with the 16 rows' positions as control picks every row's kept input from it
/// (a permute, not a gather), and one FMA with the 16 rows' values accumulates. Any M ≤ 32 fits one window. Four x
/// rows share each decoded value/position vector.
/// </summary>
internal static unsafe class Avx512Kernel
{
    public const int Lanes = 16;

    public static void Run<TValues>(in KernelArgs a, int firstBlock, int endBlock) where TValues : IValueLanes
    {
        for (int block = firstBlock; block < endBlock; block++)
        {
            int row = 0;
            for (; row + 4 <= a.Batch; row += 4) Block<TValues, FourRows>(a, block, row);
            for (; row < a.Batch; row++) Block<TValues, OneRow>(a, block, row);
        }
    }

    private static void Block<TValues, TRows>(in KernelArgs a, int block, int row)
        where TValues : IValueLanes where TRows : IRowCount
    {
        long entry = (long)block * a.BlockEntries;
        byte* values = a.Values + entry * TValues.Size;
        byte* positions = a.Positions + entry;
        float* x0 = a.X + (long)row * a.XStride;
        float* x1 = x0 + a.XStride, x2 = x1 + a.XStride, x3 = x2 + a.XStride;
        Vector512<float> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
        Vector512<float> lo1 = default, hi1 = default, lo2 = default, hi2 = default, lo3 = default, hi3 = default;
        int n = a.N, m = a.M;
        for (int g = 0, start = 0; g < a.Groups; g++, start += m)
        {
            Vector512<float> lo0 = Vector512.Load(x0 + start), hi0 = Vector512.Load(x0 + start + Lanes);
            if (TRows.Count == 4)
            {
                lo1 = Vector512.Load(x1 + start);
                hi1 = Vector512.Load(x1 + start + Lanes);
                lo2 = Vector512.Load(x2 + start);
                hi2 = Vector512.Load(x2 + start + Lanes);
                lo3 = Vector512.Load(x3 + start);
                hi3 = Vector512.Load(x3 + start + Lanes);
            }
            for (int k = 0; k < n; k++)
            {
                Vector512<float> v = TValues.Load16(values);
                Vector512<int> p = Avx512F.ConvertToVector512Int32(Vector128.Load(positions));
                values += Lanes * TValues.Size;
                positions += Lanes;
                acc0 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(lo0, p, hi0), v, acc0);
                if (TRows.Count == 4)
                {
                    acc1 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(lo1, p, hi1), v, acc1);
                    acc2 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(lo2, p, hi2), v, acc2);
                    acc3 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32x2(lo3, p, hi3), v, acc3);
                }
            }
        }
        Span<float> sums = stackalloc float[Lanes];
        acc0.CopyTo(sums);
        a.Store(sums, block, row);
        if (TRows.Count < 4) return;
        acc1.CopyTo(sums);
        a.Store(sums, block, row + 1);
        acc2.CopyTo(sums);
        a.Store(sums, block, row + 2);
        acc3.CopyTo(sums);
        a.Store(sums, block, row + 3);
    }
}
