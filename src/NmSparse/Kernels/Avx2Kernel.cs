using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// AVX2 product over 8 output rows per vector. For M ≤ 8 the 8-float window at x[g·M] and VPERMPS with the rows'
/// positions pick the kept inputs; for larger M a gather from x[g·M] does. One FMA per kept value accumulates; four x
/// rows share each decoded value/position vector.
/// </summary>
internal static unsafe class Avx2Kernel
{
    public const int Lanes = 8;

    public static void Run<TValues>(in KernelArgs a, int firstBlock, int endBlock, int g0, int g1)
        where TValues : IValueLanes
    {
        for (int block = firstBlock; block < endBlock; block++)
        {
            int row = 0;
            for (; row + 4 <= a.Batch; row += 4) Block<TValues, FourRows>(a, block, row, g0, g1);
            for (; row < a.Batch; row++) Block<TValues, OneRow>(a, block, row, g0, g1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Block<TValues, TRows>(in KernelArgs a, int block, int row, int g0, int g1)
        where TValues : IValueLanes where TRows : IRowCount
    {
        long entry = (long)block * a.BlockEntries + (long)g0 * a.N * Lanes;
        byte* values = a.Values + entry * TValues.Size;
        byte* positions = a.Positions + entry;
        float* x0 = a.X + (long)row * a.XStride;
        float* x1 = x0 + a.XStride, x2 = x1 + a.XStride, x3 = x2 + a.XStride;
        bool four = TRows.Count == 4;
        float* s0 = a.SumsAt(block, row);
        float* s1 = s0 + a.SumsStride, s2 = s1 + a.SumsStride, s3 = s2 + a.SumsStride;
        bool first = g0 == 0;
        Vector256<float> acc0 = first ? default : Vector256.Load(s0);
        Vector256<float> acc1 = four && !first ? Vector256.Load(s1) : default;
        Vector256<float> acc2 = four && !first ? Vector256.Load(s2) : default;
        Vector256<float> acc3 = four && !first ? Vector256.Load(s3) : default;
        bool permute = a.M <= Lanes;
        for (int g = g0; g < g1; g++)
        {
            int start = a.WindowStart(g);
            for (int k = 0; k < a.N; k++)
            {
                Vector256<float> v = TValues.Load8(values);
                Vector256<int> p = Avx2.ConvertToVector256Int32(Vector128.CreateScalar(*(ulong*)positions).AsByte());
                values += Lanes * TValues.Size;
                positions += Lanes;
                acc0 = Fma.MultiplyAdd(Pick(x0 + start, p, permute), v, acc0);
                if (!four) continue;
                acc1 = Fma.MultiplyAdd(Pick(x1 + start, p, permute), v, acc1);
                acc2 = Fma.MultiplyAdd(Pick(x2 + start, p, permute), v, acc2);
                acc3 = Fma.MultiplyAdd(Pick(x3 + start, p, permute), v, acc3);
            }
        }
        acc0.Store(s0);
        if (!four) return;
        acc1.Store(s1);
        acc2.Store(s2);
        acc3.Store(s3);
    }

    /// <summary>Lane i gets group[p[i]]: a permute of the 8-float window, or a gather when M &gt; 8.</summary>
    private static Vector256<float> Pick(float* group, Vector256<int> p, bool permute) =>
        permute ? Avx2.PermuteVar8x32(Vector256.Load(group), p) : Avx2.GatherVector256(group, p, sizeof(float));
}
