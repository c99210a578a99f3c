using System.Runtime.InteropServices;
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
    /// Environment variable with the smallest row count that runs on libtorch's dense linear (a whole number,
    /// default <see cref="DefaultDenseRowsFrom"/>; a huge value keeps every call on the kernel).
    /// </summary>
    public const string DenseRowsVariable = "NMSPARSE_DENSE_ROWS_FROM";

    /// <summary>Default of <see cref="DenseRowsVariable"/>.</summary>
    public const int DefaultDenseRowsFrom = 256;

    private static readonly Lazy<int> DenseRowsFromSetting =
        new(() => KernelSetting.WholeNumber(DenseRowsVariable, DefaultDenseRowsFrom, "rows", minimum: 1));

    private readonly NmSparseLinear _kernel;
    private readonly NmCompressedMatrix _weight;
    private readonly Tensor? _bias;
    private Tensor? _dense;

    /// <summary>
    /// Prepares the kernel for <paramref name="weight"/> [out, in] and <paramref name="bias"/> (null: none; else
    /// out values, copied). <paramref name="threads"/> ≤ 0 uses every processor; see <see cref="NmSparseLinear"/>.
    /// <paramref name="denseRowsFrom"/>: the smallest call (in rows) for libtorch's dense linear; null reads
    /// <see cref="DenseRowsVariable"/> (throws <see cref="UserInputException"/> naming it when it is invalid).
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
        DenseRowsFrom = denseRowsFrom ?? DenseRowsFromSetting.Value;
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
