using System.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// y = x·Wᵀ + bias for an N:M-compressed W [out, in] (any N:M with M ≤ <see cref="MaxGroupSize"/>), on the CPU in
/// float32, on the instruction-set <see cref="Path"/> chosen at construction (by default
/// <see cref="KernelPaths.Best"/>). Batches of 1 to 64 rows are the intended use; any batch works.
/// <para>
/// Large products are cut into chunks of contiguous output rows that the calling thread and persistent kernel
/// threads (<see cref="KernelWorkers"/>) share; small ones (a layout under 256 KB and under 65,536 batch rows ×
/// entries) run on the calling thread alone, since waking another thread would cost more than it saves. Every
/// output is summed by one thread in a fixed order (input tile by tile, group by group, k by k), so for a given
/// path and shape results do not depend on the thread count, the batch size or scheduling (paths may differ from
/// each other in the last bits). Instances are immutable and may be shared between threads; a call allocates
/// nothing (working memory is per calling thread). The layout takes about as much memory as the compressed matrix
/// with byte positions.
/// </para>
/// </summary>
public sealed class NmSparseLinear
{
    /// <summary>Largest group size the kernels handle (one 32-float window per group).</summary>
    public const int MaxGroupSize = 32;

    /// <summary>Floats of x (all batch rows together) in one tile of the input axis: 128 KB.</summary>
    private const int TileFloats = 32768;

    /// <summary>Below both (layout bytes; batch rows × entries) a product runs on the calling thread.</summary>
    private const long FanOutBytes = 256 * 1024, FanOutRowEntries = 65536;

    /// <summary>Chunks start at multiples of this many blocks (the AVX-512 kernel runs four blocks at once).</summary>
    private const int ChunkAlign = 4;

    /// <summary>Chunks per thread: small enough that a late worker's share is taken over by the others.</summary>
    private const int ChunksPerThread = 4;

    /// <summary>
    /// Environment variable with the smallest batch that runs on the x-row-vectorised kernel
    /// (<see cref="BatchRowsKernel"/> on AVX-512, <see cref="BatchRowsAvx2Kernel"/> on AVX2; a whole number; a huge
    /// value turns it off). Unset: <see cref="DefaultBatchRowsFrom"/> of the path.
    /// </summary>
    public const string BatchRowsVariable = "NMSPARSE_BATCH_ROWS_FROM";

    /// <summary>
    /// Default of <see cref="BatchRowsVariable"/>: 64 rows on AVX-512 (below that the permute kernel was faster on
    /// the Intel Xeon measured, docs/benchmarks.md §6) and 32 on AVX2 (from 32 rows the x-row kernel beat the
    /// permute kernel for every N:M on the AMD EPYC measured, §8; at 16 only for 2:4 and 1:4).
    /// </summary>
    public static int DefaultBatchRowsFrom(KernelPath path) => path == KernelPath.Avx2 ? 32 : 64;

    // Null when unset: each instance then takes DefaultBatchRowsFrom of its path.
    private static readonly Lazy<int?> BatchRowsFromSetting =
        new(() => KernelSetting.OptionalWholeNumber(BatchRowsVariable, "x rows"));

    private readonly NmCompressedMatrix _weight;
    private readonly LaneLayout _layout;
    private readonly Lazy<BatchRowsLayout> _batchRows;
    private readonly float[] _bias;
    private readonly long _layoutBytes;

    /// <summary>
    /// Prepares the kernel's layout of <paramref name="weight"/> (bias: empty for none, else out values).
    /// <paramref name="threads"/> ≤ 0 uses every processor. Throws <see cref="UserInputException"/> for M above
    /// <see cref="MaxGroupSize"/>, a bias of the wrong length, a path this CPU does not support or (threads > 1) an
    /// invalid <see cref="KernelWorkers.SpinVariable"/>.
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
        if (Threads > 1) _ = KernelWorkers.SpinMicroseconds;
        _layout = Path switch
        {
            KernelPath.Avx512 => new LaneLayout(weight, Avx512Kernel.Lanes, Avx512Kernel.WindowAlign(weight.Pattern.M),
                Avx512Kernel.Format(weight.Pattern.M)),
            KernelPath.Avx2 => new LaneLayout(weight, Avx2Kernel.Lanes, 1),
            _ => new LaneLayout(weight, PortableKernel.Lanes, 1),
        };
        _weight = weight;
        _batchRows = new Lazy<BatchRowsLayout>(() => new BatchRowsLayout(_weight));
        if (HasBatchRowsKernel) _ = BatchRowsFrom;
        _bias = bias.IsEmpty ? new float[weight.Rows] : bias.ToArray();
        _layoutBytes = _layout.Values.LongLength + _layout.Positions.LongLength;
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
    /// The smallest batch that runs on the x-row-vectorised kernel (AVX-512 and AVX2 paths): <see cref="BatchRowsVariable"/>
    /// or <see cref="DefaultBatchRowsFrom"/> of <see cref="Path"/>. Throws <see cref="UserInputException"/> for an
    /// invalid variable.
    /// </summary>
    public int BatchRowsFrom => BatchRowsFromSetting.Value ?? DefaultBatchRowsFrom(Path);

    /// <summary>True for the paths with an x-row-vectorised kernel (AVX-512, AVX2).</summary>
    private bool HasBatchRowsKernel => Path is KernelPath.Avx512 or KernelPath.Avx2;

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
        if (HasBatchRowsKernel && batch >= BatchRowsFrom)
        {
            ForwardBatchRows(x, batch, y);
            return;
        }
        // Rows start 64-byte aligned, with at least 32 zeros after them, so a kernel's window at any group (aligned
        // or not) stays inside the buffer. Both live in the calling thread's scratch memory: no allocation per call.
        int stride = (InFeatures + MaxGroupSize + 15) / 16 * 16;
        int sumsStride = _layout.Blocks * _layout.Lanes;
        long xFloats = (long)batch * stride;
        float* padded = KernelScratch.Get(xFloats + (long)batch * sumsStride);
        float* sums = padded + xFloats;
        for (int row = 0; row < batch; row++)
        {
            var target = new Span<float>(padded + (long)row * stride, stride);
            x.Slice(row * InFeatures, InFeatures).CopyTo(target);
            target[InFeatures..].Clear();
        }
        fixed (byte* values = _layout.Values, positions = _layout.Positions)
        {
            var args = new KernelArgs
            {
                Values = values, Positions = positions, X = padded, XStride = stride, Sums = sums,
                SumsStride = sumsStride, Batch = batch, Groups = _layout.Groups, N = _layout.N, M = _layout.M,
                Lanes = _layout.Lanes, WindowAlign = _layout.WindowAlign,
            };
            RunChunks(args);
        }
        for (int row = 0; row < batch; row++)
            AddBias(new ReadOnlySpan<float>(sums + (long)row * sumsStride, OutFeatures),
                y.Slice(row * OutFeatures, OutFeatures));
    }

    /// <summary>
    /// The product on the x-row-vectorised kernel of <see cref="Path"/>, slab by slab of up to 64 x rows: each slab transposed into
    /// the scratch memory (columns of 32 or 64 rows), then its output rows in chunks shared by the kernel threads,
    /// each chunk writing its own outputs of y.
    /// </summary>
    private unsafe void ForwardBatchRows(ReadOnlySpan<float> x, int batch, Span<float> y)
    {
        BatchRowsLayout layout = _batchRows.Value;
        for (int b0 = 0; b0 < batch; b0 += BatchRowsKernel.MaxSlabRows)
        {
            int rows = Math.Min(BatchRowsKernel.MaxSlabRows, batch - b0);
            int width = BatchRowsKernel.VectorsFor(rows) * BatchRowsKernel.Lanes;
            long xFloats = (long)InFeatures * width;
            float* xt = KernelScratch.Get(xFloats + (long)layout.PaddedRows * width);
            Transpose(x.Slice(b0 * InFeatures, rows * InFeatures), rows, xt, width);
            fixed (byte* values = layout.Values, columns = layout.Columns8)
            fixed (float* yp = y, bias = _bias)
            {
                var args = new BatchRowsArgs
                {
                    Values = values, Columns = columns, XT = xt, Sums = xt + xFloats, Width = width,
                    EntriesPerRow = layout.EntriesPerRow, TileEntries = layout.TileGroups * layout.N,
                    TileColumns = layout.TileGroups * layout.M, Tiles = layout.Tiles,
                    Y = yp + (long)b0 * OutFeatures, Bias = bias, OutFeatures = OutFeatures, SlabRows = rows,
                };
                RunBatchRowChunks(args, layout);
            }
        }
    }

    /// <summary>xt [column][width] = x [rows, in] transposed; lanes past <paramref name="rows"/> zero.</summary>
    private unsafe void Transpose(ReadOnlySpan<float> x, int rows, float* xt, int width)
    {
        for (int c = 0; c < InFeatures; c++)
        {
            float* column = xt + (long)c * width;
            for (int b = 0; b < rows; b++) column[b] = x[b * InFeatures + c];
            for (int b = rows; b < width; b++) column[b] = 0;
        }
    }

    private void RunBatchRowChunks(BatchRowsArgs args, BatchRowsLayout layout)
    {
        int units = layout.PaddedRows / BatchRowsKernel.RowsAtOnce;
        int chunks = ChunkCount((long)layout.PaddedRows * layout.EntriesPerRow * args.SlabRows, units);
        void Chunk(int c)
        {
            int first = (int)((long)units * c / chunks) * BatchRowsKernel.RowsAtOnce;
            int end = (int)((long)units * (c + 1) / chunks) * BatchRowsKernel.RowsAtOnce;
            bool bf16 = ValueType == NmValueType.BFloat16;
            switch (Path)
            {
                case KernelPath.Avx512 when bf16: BatchRowsKernel.Run<BFloat16Lanes>(args, first, end); break;
                case KernelPath.Avx512: BatchRowsKernel.Run<Float32Lanes>(args, first, end); break;
                case KernelPath.Avx2 when bf16: BatchRowsAvx2Kernel.Run<BFloat16Lanes>(args, first, end); break;
                default: BatchRowsAvx2Kernel.Run<Float32Lanes>(args, first, end); break;
            }
            BatchRowsKernel.WriteOutputs(args, first, end);
        }
        if (chunks == 1) Chunk(0);
        else KernelWorkers.Run(chunks, Threads, Chunk);
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

    /// <summary>
    /// Splits the output blocks into chunks for <see cref="KernelWorkers"/>, or runs them all on the caller when
    /// the product is too small for other threads to pay off (waking one costs microseconds).
    /// </summary>
    private void RunChunks(KernelArgs args)
    {
        int blocks = _layout.Blocks;
        int chunks = ChunkCount((long)args.Batch * blocks * args.Groups * args.N, blocks / ChunkAlign);
        if (chunks == 1)
        {
            RunBlocks(args, 0, blocks);
            return;
        }
        KernelWorkers.Run(chunks, Threads, c => RunBlocks(args, ChunkStart(c, chunks, blocks),
            ChunkStart(c + 1, chunks, blocks)));
    }

    /// <summary>
    /// How many chunks a product of <paramref name="rowEntries"/> (batch rows × stored entries) is cut into, both
    /// kernels alike: 1 on one thread or when the product is small (layout under <see cref="FanOutBytes"/> and
    /// under <see cref="FanOutRowEntries"/>), else up to <see cref="ChunksPerThread"/> per thread, at most
    /// <paramref name="units"/> (the kernel's smallest unit of output rows).
    /// </summary>
    private int ChunkCount(long rowEntries, int units)
    {
        bool small = _layoutBytes < FanOutBytes && rowEntries < FanOutRowEntries;
        return Threads == 1 || small ? 1 : Math.Clamp(units, 1, Threads * ChunksPerThread);
    }

    /// <summary>Chunk <paramref name="c"/>'s first block: a multiple of <see cref="ChunkAlign"/>, or the end.</summary>
    private static int ChunkStart(int c, int chunks, int blocks) =>
        c == chunks ? blocks : (int)((long)blocks * c / chunks) & -ChunkAlign;

    /// <summary>y row = sums row + bias.</summary>
    private void AddBias(ReadOnlySpan<float> sums, Span<float> output)
    {
        ReadOnlySpan<float> bias = _bias;
        int o = 0;
        for (int width = Vector<float>.Count; o + width <= output.Length; o += width)
            (new Vector<float>(sums[o..]) + new Vector<float>(bias[o..])).CopyTo(output[o..]);
        for (; o < output.Length; o++) output[o] = sums[o] + bias[o];
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
