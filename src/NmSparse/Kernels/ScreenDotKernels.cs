using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// Screened row scores s_r = Σ_k bf16(w_rk)·x_k in float32 for rows [first, end) of a
/// <see cref="BFloat16ScreenMatrix"/>, on one <see cref="KernelPath"/>: each weight is widened exactly (shift left
/// 16), two vector accumulators take FMAs along the row, a horizontal sum and a scalar tail finish it. The summation
/// order differs by path; <see cref="ScreenErrorBound"/> holds for any order.
/// </summary>
internal static unsafe class ScreenDotKernels
{
    public static void Run(KernelPath path, ushort* w, float* x, int columns, float* scores, int first, int end)
    {
        for (int r = first; r < end; r++)
        {
            ushort* row = w + (long)r * columns;
            scores[r] = path switch
            {
                KernelPath.Avx512 => Avx512Row(row, x, columns),
                KernelPath.Avx2 => Avx2Row(row, x, columns),
                _ => PortableRow(row, x, columns),
            };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Avx512Row(ushort* row, float* x, int columns)
    {
        Vector512<float> acc0 = default, acc1 = default;
        int k = 0;
        for (; k + 32 <= columns; k += 32)
        {
            acc0 = Avx512F.FusedMultiplyAdd(BFloat16Lanes.Load16((byte*)(row + k)), Vector512.Load(x + k), acc0);
            acc1 = Avx512F.FusedMultiplyAdd(BFloat16Lanes.Load16((byte*)(row + k + 16)), Vector512.Load(x + k + 16),
                acc1);
        }
        if (k + 16 <= columns)
        {
            acc0 = Avx512F.FusedMultiplyAdd(BFloat16Lanes.Load16((byte*)(row + k)), Vector512.Load(x + k), acc0);
            k += 16;
        }
        return Tail(row, x, k, columns, Vector512.Sum(acc0 + acc1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Avx2Row(ushort* row, float* x, int columns)
    {
        Vector256<float> acc0 = default, acc1 = default;
        int k = 0;
        for (; k + 16 <= columns; k += 16)
        {
            acc0 = Fma.MultiplyAdd(BFloat16Lanes.Load8((byte*)(row + k)), Vector256.Load(x + k), acc0);
            acc1 = Fma.MultiplyAdd(BFloat16Lanes.Load8((byte*)(row + k + 8)), Vector256.Load(x + k + 8), acc1);
        }
        if (k + 8 <= columns)
        {
            acc0 = Fma.MultiplyAdd(BFloat16Lanes.Load8((byte*)(row + k)), Vector256.Load(x + k), acc0);
            k += 8;
        }
        return Tail(row, x, k, columns, Vector256.Sum(acc0 + acc1));
    }

    /// <summary>One <see cref="Vector{T}"/> of ushorts widens to two float vectors (low and high half).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float PortableRow(ushort* row, float* x, int columns)
    {
        int width = Vector<ushort>.Count, half = Vector<float>.Count;
        Vector<float> acc0 = Vector<float>.Zero, acc1 = Vector<float>.Zero;
        int k = 0;
        for (; k + width <= columns; k += width)
        {
            Vector.Widen(Vector.Load(row + k), out Vector<uint> low, out Vector<uint> high);
            acc0 += Vector.AsVectorSingle(Vector.ShiftLeft(low, 16)) * Vector.Load(x + k);
            acc1 += Vector.AsVectorSingle(Vector.ShiftLeft(high, 16)) * Vector.Load(x + k + half);
        }
        return Tail(row, x, k, columns, Vector.Sum(acc0 + acc1));
    }

    private static float Tail(ushort* row, float* x, int k, int columns, float sum)
    {
        for (; k < columns; k++) sum += BFloat16Bits.ToSingle(row[k]) * x[k];
        return sum;
    }
}
