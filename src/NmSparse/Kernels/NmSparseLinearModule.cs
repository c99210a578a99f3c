using System.Runtime.InteropServices;
using NmSparse.Masks;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// An inference-only drop-in for a Linear layer whose weight is N:M sparse along the input axis: forward runs
/// <see cref="NmSparseLinear"/> on float32 CPU input of shape [..., in] (all leading dimensions are flattened into
/// kernel rows, any count) and returns [..., out]. It has no parameters and records no gradient; swap it into a
/// model with <see cref="KernelModuleSwap.Replace"/> after training.
/// <para>
/// A call with <see cref="DenseRowsFrom"/> rows or more (a whole encoder batch, say) runs on libtorch's dense linear
/// instead, where a large matrix product beats the kernel: the dense weight (zeros stored) is made from the compressed
/// one at the first such call and kept, so a module that sees large batches holds the dense weight too.
/// </para>
/// </summary>
public sealed class NmSparseLinearModule : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// Environment variable with the smallest row count that runs on libtorch's dense linear, for every layer (a
    /// whole number, 1 or more; a huge value keeps every call on the kernel). Unset: <see cref="DefaultDenseRowsFrom"/>.
    /// </summary>
    public const string DenseRowsVariable = "NMSPARSE_DENSE_ROWS_FROM";

    // Null when unset: each layer then takes DefaultDenseRowsFrom of its path and density.
    private static readonly Lazy<int?> DenseRowsFromSetting =
        new(() => KernelSetting.OptionalWholeNumber(DenseRowsVariable, "rows", minimum: 1));

    /// <summary>
    /// The smallest call (in rows) that runs on libtorch's dense linear when <see cref="DenseRowsVariable"/> is
    /// unset: ⌈c / density⌉ with c = 32 on the AVX-512 path and 8 on the others (2:4 → 64 and 16 rows, 1:8 → 256
    /// and 64). The kernel keeps a density's worth of the products, so the sparser the weight, the larger the batch
    /// up to which it beats a dense GEMM; measured in docs/benchmarks.md §7 (AVX2 EPYC) and §6 (AVX-512 Xeon, where
    /// the kernel beat dense at 64 rows for every N:M).
    /// </summary>
    public static int DefaultDenseRowsFrom(KernelPath path, NmPattern pattern)
    {
        int perDensity = path == KernelPath.Avx512 ? 32 : 8;
        return (perDensity * pattern.M + pattern.N - 1) / pattern.N;
    }

    private readonly NmSparseLinear _kernel;
    private readonly NmCompressedMatrix _weight;
    private readonly Tensor? _bias;
    private Tensor? _dense;

    /// <summary>
    /// Prepares the kernel for <paramref name="weight"/> [out, in] and <paramref name="bias"/> (null: none; else
    /// out values, copied). <paramref name="threads"/> ≤ 0 uses every processor; see <see cref="NmSparseLinear"/>.
    /// <paramref name="denseRowsFrom"/>: the smallest call (in rows) for libtorch's dense linear; null reads
    /// <see cref="DenseRowsVariable"/> (throws <see cref="UserInputException"/> naming it when it is invalid) and
    /// falls back to <see cref="DefaultDenseRowsFrom"/>.
    /// </summary>
    public NmSparseLinearModule(NmCompressedMatrix weight, Tensor? bias = null, KernelPath? path = null,
        int threads = 0, int? denseRowsFrom = null) : base(nameof(NmSparseLinearModule))
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (denseRowsFrom < 1)
            throw new ArgumentOutOfRangeException(nameof(denseRowsFrom), denseRowsFrom, "must be at least 1 row");
        float[] biasValues = [];
        if (bias is not null)
        {
            _bias = bias.detach().to(ScalarType.Float32, CPU).contiguous().clone().DetachFromDisposeScope();
            biasValues = _bias.data<float>().ToArray();
        }
        _kernel = new NmSparseLinear(weight, biasValues, path, threads);
        _weight = weight;
        DenseRowsFrom = denseRowsFrom
            ?? DenseRowsFromSetting.Value ?? DefaultDenseRowsFrom(Path, weight.Pattern);
    }

    /// <summary>Calls with at least this many rows run on libtorch's dense linear.</summary>
    public int DenseRowsFrom { get; }

    public int InFeatures => _kernel.InFeatures;
    public int OutFeatures => _kernel.OutFeatures;
    public KernelPath Path => _kernel.Path;

    /// <summary>
    /// y = x·Wᵀ + bias for float32 CPU x [..., in]. Throws <see cref="UserInputException"/> for another dtype or
    /// device, a scalar, or a last dimension other than <see cref="InFeatures"/>.
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dtype != ScalarType.Float32 || input.device_type != DeviceType.CPU)
            throw new UserInputException(
                $"the sparse kernel takes float32 CPU input (got {input.dtype} on {input.device})");
        long[] shape = input.shape;
        if (shape.Length == 0 || shape[^1] != InFeatures)
            throw new UserInputException(
                $"input shape [{string.Join(", ", shape)}] does not end in {InFeatures} features");
        long rows = input.numel() / InFeatures;
        if (rows >= DenseRowsFrom)
        {
            // Kept beyond the caller's dispose scope: decoding runs every step in one.
            _dense ??= _weight.ToDense().DetachFromDisposeScope();
            using var detached = input.detach();
            return nn.functional.linear(detached, _dense, _bias);
        }
        long[] outShape = shape.ToArray();
        outShape[^1] = OutFeatures;
        Tensor output = empty(outShape, ScalarType.Float32);
        if (rows == 0) return output;
        // Decoding calls this for every layer and token: read the input in place unless it needs a copy.
        using Tensor? copy = input.requires_grad || !input.is_contiguous() ? input.detach().contiguous() : null;
        ReadOnlySpan<float> x = MemoryMarshal.Cast<byte, float>((copy ?? input).bytes);
        _kernel.Forward(x, (int)rows, MemoryMarshal.Cast<byte, float>(output.bytes));
        return output;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dense?.Dispose();
            _bias?.Dispose();
        }
        base.Dispose(disposing);
    }
}
