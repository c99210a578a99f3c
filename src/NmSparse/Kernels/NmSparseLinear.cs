using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// y = x·Wᵀ + bias for an N:M-compressed W [out, in] (any N:M with M ≤ <see cref="MaxGroupSize"/>), on the CPU in
/// float32, on the instruction-set <see cref="Path"/> chosen at construction (by default
/// <see cref="KernelPaths.Best"/>). Batches of 1 to 64 rows are the intended use; any batch works.
/// <para>
/// Threads split the output rows into contiguous ranges; every output is summed by one thread in a fixed order
/// (input tile by tile, group by group, k by k), so for a given path and shape results do not depend on the thread
/// count or scheduling (paths may differ from each other in the last bits). Instances are immutable and may be
/// shared between threads. The layout takes about as much memory as the compressed matrix with byte positions.
/// </para>
/// </summary>
public sealed class NmSparseLinear
{
    /// <summary>Largest group size the kernels handle (one 32-float window per group).</summary>
    public const int MaxGroupSize = 32;

    /// <summary>Floats of x (all batch rows together) in one tile of the input axis: 128 KB.</summary>
    private const int TileFloats = 32768;

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
        _layout = Path switch
        {
            KernelPath.Avx512 => new LaneLayout(weight, Avx512Kernel.Lanes, Avx512Kernel.WindowAlign(weight.Pattern.M),
                Avx512Kernel.Format(weight.Pattern.M)),
            KernelPath.Avx2 => new LaneLayout(weight, Avx2Kernel.Lanes, 1),
            _ => new LaneLayout(weight, PortableKernel.Lanes, 1),
        };
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
        // Rows start 64-byte aligned, with at least 32 zeros after them, so a kernel's window at any group (aligned
        // or not) stays inside the buffer.
        int stride = (InFeatures + MaxGroupSize + 15) / 16 * 16;
        nuint bytes = (nuint)((long)batch * stride * sizeof(float));
        int sumsStride = _layout.Blocks * _layout.Lanes;
        var padded = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        var sums = (float*)NativeMemory.AlignedAlloc((nuint)((long)batch * sumsStride * sizeof(float)), 64);
        try
        {
            NativeMemory.Clear(padded, bytes);
            for (int row = 0; row < batch; row++)
                x.Slice(row * InFeatures, InFeatures).CopyTo(new Span<float>(padded + (long)row * stride, InFeatures));
            fixed (byte* values = _layout.Values, positions = _layout.Positions)
            {
                var args = new KernelArgs
                {
                    Values = values, Positions = positions, X = padded, XStride = stride, Sums = sums,
                    SumsStride = sumsStride, Batch = batch, Groups = _layout.Groups, N = _layout.N, M = _layout.M,
                    Lanes = _layout.Lanes, WindowAlign = _layout.WindowAlign,
                };
                RunParallel(args);
            }
            for (int row = 0; row < batch; row++)
            {
                var rowSums = new ReadOnlySpan<float>(sums + (long)row * sumsStride, OutFeatures);
                Span<float> output = y.Slice(row * OutFeatures, OutFeatures);
                for (int o = 0; o < output.Length; o++) output[o] = rowSums[o] + _bias[o];
            }
        }
        finally
        {
            NativeMemory.AlignedFree(padded);
            NativeMemory.AlignedFree(sums);
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

    /// <summary>
    /// Runs blocks [first, end) tile by tile along the input axis: a tile's x rows (about 128 KB for the whole
    /// batch) stay in cache while every block of the range reads them; the sums carry over in y.
    /// </summary>
    private void RunBlocks(in KernelArgs args, int first, int end)
    {
        int tileGroups = Math.Max(16, TileFloats / args.Batch / args.M / 16 * 16);
        for (int g0 = 0; g0 < args.Groups; g0 += tileGroups)
            RunTile(args, first, end, g0, Math.Min(args.Groups, g0 + tileGroups));
    }

    private void RunTile(in KernelArgs args, int first, int end, int g0, int g1)
    {
        bool bf16 = ValueType == NmValueType.BFloat16;
        switch (Path)
        {
            case KernelPath.Avx512 when bf16: Avx512Kernel.Run<BFloat16Lanes>(args, first, end, g0, g1); break;
            case KernelPath.Avx512: Avx512Kernel.Run<Float32Lanes>(args, first, end, g0, g1); break;
            case KernelPath.Avx2 when bf16: Avx2Kernel.Run<BFloat16Lanes>(args, first, end, g0, g1); break;
            case KernelPath.Avx2: Avx2Kernel.Run<Float32Lanes>(args, first, end, g0, g1); break;
            case KernelPath.Portable when bf16: PortableKernel.Run<BFloat16Lanes>(args, first, end, g0, g1); break;
            default: PortableKernel.Run<Float32Lanes>(args, first, end, g0, g1); break;
        }
    }
}
