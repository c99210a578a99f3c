using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NmSparse.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Autograd;

/// <summary>
/// One-pass CPU kernels for <see cref="MaskedWeightFunction"/> when its output is bfloat16 (mixed precision):
/// forward bf16(w⊙f(m)) straight from the float32 master weight, backward float(g) + λ(1−m)⊙w straight from the
/// bfloat16 gradient. Libtorch needs two passes and a float32 temporary for each (w⊙m, then the cast; the cast's
/// backward, then the SR-STE term or a copy). Every value is rounded exactly as those libtorch operations round it,
/// so both paths give the same bits: f(m) = m, or m·(1−β) + β for mask decay (one rounding each); w⊙f(m) in float32;
/// bfloat16 rounding to nearest, ties to even, NaN kept quiet; (1−m)⊙w as w + (−w)⊙m; the gradient as one fused
/// multiply-add g + λ·that (libtorch's vectorised add with alpha).
/// </summary>
internal static class Bf16MaskedWeightKernel
{
    /// <summary>Whether the kernels take these tensors: contiguous float32 CPU weight and mask of one shape.</summary>
    public static bool Supports(Tensor weight, Tensor mask) =>
        weight.device_type == DeviceType.CPU && mask.device_type == DeviceType.CPU
        && weight.dtype == ScalarType.Float32 && mask.dtype == ScalarType.Float32
        && weight.is_contiguous() && mask.is_contiguous() && weight.numel() == mask.numel()
        && weight.numel() * sizeof(float) <= int.MaxValue;

    /// <summary>bf16(w⊙m) (β = 0) or bf16(w⊙(m·(1−β) + β)), a new bfloat16 tensor of the weight's shape.</summary>
    public static Tensor Forward(Tensor weight, Tensor mask, double beta)
    {
        var output = empty(weight.shape, ScalarType.BFloat16);
        float keep = (float)(1.0 - beta), floor = (float)beta;
        Split(weight.numel(), (start, end) => ForwardRange(weight, mask, output, beta != 0.0, keep, floor, start, end));
        return output;
    }

    /// <summary>float(g) + λ(1−m)⊙w (λ = 0: float(g)), a new float32 tensor; <paramref name="grad"/> is bfloat16.</summary>
    public static Tensor Backward(Tensor grad, Tensor weight, Tensor mask, double lambda)
    {
        using var contiguous = grad.contiguous();
        var output = empty(weight.shape, ScalarType.Float32);
        Split(weight.numel(), (start, end) => BackwardRange(contiguous, weight, mask, output, (float)lambda, start, end));
        return output;
    }

    private static void Split(long elements, Action<int, int> range)
    {
        int workers = ElementWorkers.For(elements);
        if (workers == 1)
        {
            range(0, (int)elements);
            return;
        }
        // Chunks of whole vectors, so only the last worker has a scalar tail.
        long chunk = (elements / workers + 63) / 64 * 64;
        Parallel.For(0, workers, w =>
            range((int)Math.Min(elements, w * chunk), (int)Math.Min(elements, (w + 1) * chunk)));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ForwardRange(Tensor weight, Tensor mask, Tensor output, bool decay, float keep, float floor,
        int start, int end)
    {
        ReadOnlySpan<float> w = MemoryMarshal.Cast<byte, float>(weight.bytes);
        ReadOnlySpan<float> m = MemoryMarshal.Cast<byte, float>(mask.bytes);
        Span<ushort> o = MemoryMarshal.Cast<byte, ushort>(output.bytes);
        int i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            var keepV = Vector512.Create(keep);
            var floorV = Vector512.Create(floor);
            for (; i + 2 * Vector512<float>.Count <= end; i += 2 * Vector512<float>.Count)
            {
                var lower = Product(Vector512.Create(w.Slice(i)), Vector512.Create(m.Slice(i)), decay, keepV, floorV);
                int j = i + Vector512<float>.Count;
                var upper = Product(Vector512.Create(w.Slice(j)), Vector512.Create(m.Slice(j)), decay, keepV, floorV);
                Vector512.Narrow(ToBf16Bits(lower), ToBf16Bits(upper)).CopyTo(o.Slice(i));
            }
        }
        for (; i < end; i++)
        {
            float factor = decay ? m[i] * keep + floor : m[i];
            o[i] = BFloat16Bits.FromSingle(w[i] * factor);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BackwardRange(Tensor grad, Tensor weight, Tensor mask, Tensor output, float lambda,
        int start, int end)
    {
        ReadOnlySpan<ushort> g = MemoryMarshal.Cast<byte, ushort>(grad.bytes);
        ReadOnlySpan<float> w = MemoryMarshal.Cast<byte, float>(weight.bytes);
        ReadOnlySpan<float> m = MemoryMarshal.Cast<byte, float>(mask.bytes);
        Span<float> o = MemoryMarshal.Cast<byte, float>(output.bytes);
        bool decay = lambda != 0f;
        int i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            var lambdaV = Vector512.Create(lambda);
            for (; i + Vector512<ushort>.Count <= end; i += Vector512<ushort>.Count)
            {
                var (lower, upper) = Vector512.Widen(Vector512.Create(g.Slice(i)));
                int j = i + Vector512<float>.Count;
                var gLow = Vector512.ShiftLeft(lower, 16).AsSingle();
                var gHigh = Vector512.ShiftLeft(upper, 16).AsSingle();
                if (decay)
                {
                    gLow = Vector512.FusedMultiplyAdd(
                        Pruned(Vector512.Create(w.Slice(i)), Vector512.Create(m.Slice(i))), lambdaV, gLow);
                    gHigh = Vector512.FusedMultiplyAdd(
                        Pruned(Vector512.Create(w.Slice(j)), Vector512.Create(m.Slice(j))), lambdaV, gHigh);
                }
                gLow.CopyTo(o.Slice(i));
                gHigh.CopyTo(o.Slice(j));
            }
        }
        for (; i < end; i++)
        {
            float gradient = BFloat16Bits.ToSingle(g[i]);
            o[i] = decay ? MathF.FusedMultiplyAdd(w[i] + -w[i] * m[i], lambda, gradient) : gradient;
        }
    }

    private static Vector512<float> Product(Vector512<float> w, Vector512<float> m, bool decay,
        Vector512<float> keep, Vector512<float> floor) => w * (decay ? m * keep + floor : m);

    // (1−m)⊙w as libtorch's addcmul forms it: w + (−w)⊙m.
    private static Vector512<float> Pruned(Vector512<float> w, Vector512<float> m) => w + -w * m;

    // Round to nearest bfloat16, ties to even, in the upper 16 bits; a NaN keeps its top bits and turns quiet.
    private static Vector512<uint> ToBf16Bits(Vector512<float> value)
    {
        var bits = value.AsUInt32();
        var rounded = bits + Vector512.Create(0x7FFFu) + (Vector512.ShiftRightLogical(bits, 16) & Vector512<uint>.One);
        var nan = ~Vector512.Equals(value, value).AsUInt32();
        var quiet = bits | Vector512.Create(0x0040_0000u);
        return Vector512.ShiftRightLogical(Vector512.ConditionalSelect(nan, quiet, rounded), 16);
    }
}
