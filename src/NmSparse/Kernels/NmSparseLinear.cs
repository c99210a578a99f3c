using System.Buffers;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// y = x·Wᵀ + bias for an N:M-compressed W [out, in] (any N:M with M ≤ <see cref="MaxGroupSize"/>), on the CPU in
/// float32, on the instruction-set <see cref="Path"/> chosen at construction (by default
/// <see cref="KernelPaths.Best"/>). Batches of 1 to 64 rows are the intended use; any batch works.
/// <para>
/// Threads split the output rows into contiguous ranges; every output is summed by one thread in a fixed order
/// (group by group, k by k), so results do not depend on the thread count or scheduling. Instances are immutable
/// and may be shared between threads.
/// </para>
/// </summary>
public sealed class NmSparseLinear
{
    /// <summary>Largest group size the kernels handle (one 32-float window per group).</summary>
    public const int MaxGroupSize = 32;

    private readonly LaneLayout _layout;
    private readonly float[] _bias;

    /// <summary>
    /// Prepares the kernel's layout of <paramref name="weight"/> (bias: empty for none, else out values).
    /// <paramref name="threads"/> ≤ 0 uses every processor. Throws <see cref="UserInputException"/> for M above
    /// <see cref="MaxGroupSize"/>, a bias of the wrong length or a path this CPU does not support.
    /// </summary>
    public NmSparseLinear(NmCompressedMatrix weight, ReadOnlySpan<float> bias = default, KernelPath? path = null,
        int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Pattern.M > MaxGroupSize)
            throw new UserInputException(
                $"N:M {weight.Pattern}: the sparse kernel handles groups of up to {MaxGroupSize} weights");
        if (!bias.IsEmpty && bias.Length != weight.Rows)
            throw new UserInputException($"bias has {bias.Length} values, the weight has {weight.Rows} outputs");
        Path = path ?? KernelPaths.Best;
        if (!KernelPaths.IsSupported(Path))
            throw new UserInputException($"kernel path {Path} is not supported by this CPU");
        Threads = threads > 0 ? threads : Environment.ProcessorCount;
        int lanes = Path switch
        {
            KernelPath.Avx512 => Avx512Kernel.Lanes,
            KernelPath.Avx2 => Avx2Kernel.Lanes,
            _ => PortableKernel.Lanes,
        };
        _layout = new LaneLayout(weight, lanes);
        _bias = bias.IsEmpty ? new float[weight.Rows] : bias.ToArray();
        InFeatures = weight.Columns;
        OutFeatures = weight.Rows;
        ValueType = weight.ValueType;
    }

    public KernelPath Path { get; }
    public int Threads { get; }
    public int InFeatures { get; }
    public int OutFeatures { get; }
    public NmValueType ValueType { get; }

    /// <summary>
    /// y [batch, out] = x [batch, in] · Wᵀ + bias, both row-major. Throws <see cref="ArgumentException"/> when a
    /// span's length is not batch · features.
    /// </summary>
    public unsafe void Forward(ReadOnlySpan<float> x, int batch, Span<float> y)
    {
        if (batch < 1) throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch must be at least 1");
        if (x.Length != (long)batch * InFeatures)
            throw new ArgumentException($"x has {x.Length} values, expected {batch} × {InFeatures}", nameof(x));
        if (y.Length != (long)batch * OutFeatures)
            throw new ArgumentException($"y has {y.Length} values, expected {batch} × {OutFeatures}", nameof(y));
        // Each x row gets 32 zeros after it, so a kernel's window at the last group stays inside the buffer.
        int stride = InFeatures + MaxGroupSize;
        float[] padded = ArrayPool<float>.Shared.Rent(batch * stride);
        try
        {
            for (int row = 0; row < batch; row++)
            {
                x.Slice(row * InFeatures, InFeatures).CopyTo(padded.AsSpan(row * stride));
                padded.AsSpan(row * stride + InFeatures, MaxGroupSize).Clear();
            }
            fixed (byte* values = _layout.Values, positions = _layout.Positions)
            fixed (float* xp = padded, yp = y, bp = _bias)
            {
                var args = new KernelArgs
                {
                    Values = values, Positions = positions, X = xp, XStride = stride, Y = yp, Bias = bp,
                    Batch = batch, Rows = OutFeatures, Groups = _layout.Groups, N = _layout.N, M = _layout.M,
                    Lanes = _layout.Lanes,
                };
                RunParallel(args);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(padded);
        }
    }

    /// <summary>
    /// The product for a float32 CPU tensor x [batch, in] (or [in], giving [out]); returns a new tensor.
    /// Throws <see cref="UserInputException"/> for another dtype, device or feature count.
    /// </summary>
    public Tensor Forward(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dtype != ScalarType.Float32 || x.device_type != DeviceType.CPU)
            throw new UserInputException($"the sparse kernel takes float32 CPU input (got {x.dtype} on {x.device})");
        long[] shape = x.shape;
        if (shape.Length is not (1 or 2) || shape[^1] != InFeatures)
            throw new UserInputException(
                $"input shape [{string.Join(", ", shape)}] does not end in {InFeatures} features");
        int batch = shape.Length == 1 ? 1 : (int)shape[0];
        using var source = x.contiguous();
        var output = new float[batch * OutFeatures];
        Forward(source.data<float>().ToArray(), batch, output);
        return shape.Length == 1
            ? tensor(output, new long[] { OutFeatures })
            : tensor(output, new long[] { batch, OutFeatures });
    }

    private void RunParallel(KernelArgs args)
    {
        int blocks = _layout.Blocks;
        int parts = Math.Min(blocks, Threads == 1 ? 1 : Threads * 2);
        if (parts == 1)
        {
            RunBlocks(args, 0, blocks);
            return;
        }
        var options = new ParallelOptions { MaxDegreeOfParallelism = Threads };
        Parallel.For(0, parts, options, part =>
            RunBlocks(args, (int)((long)blocks * part / parts), (int)((long)blocks * (part + 1) / parts)));
    }

    private void RunBlocks(in KernelArgs args, int first, int end)
    {
        bool bf16 = ValueType == NmValueType.BFloat16;
        switch (Path)
        {
            case KernelPath.Avx512 when bf16: Avx512Kernel.Run<BFloat16Lanes>(args, first, end); break;
            case KernelPath.Avx512: Avx512Kernel.Run<Float32Lanes>(args, first, end); break;
            case KernelPath.Avx2 when bf16: Avx2Kernel.Run<BFloat16Lanes>(args, first, end); break;
            case KernelPath.Avx2: Avx2Kernel.Run<Float32Lanes>(args, first, end); break;
            case KernelPath.Portable when bf16: PortableKernel.Run<BFloat16Lanes>(args, first, end); break;
            default: PortableKernel.Run<Float32Lanes>(args, first, end); break;
        }
    }
}
