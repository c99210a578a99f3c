using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// An inference-only drop-in for a Linear layer whose weight is N:M sparse along the input axis: forward runs
/// <see cref="NmSparseLinear"/> on float32 CPU input of shape [..., in] (all leading dimensions are flattened into
/// kernel rows, any count) and returns [..., out]. It has no parameters and records no gradient; swap it into a
/// model with <see cref="KernelModuleSwap.Replace"/> after training.
/// </summary>
public sealed class NmSparseLinearModule : nn.Module<Tensor, Tensor>
{
    private readonly NmSparseLinear _kernel;

    /// <summary>
    /// Prepares the kernel for <paramref name="weight"/> [out, in] and <paramref name="bias"/> (null: none; else
    /// out values, copied). <paramref name="threads"/> ≤ 0 uses every processor; see <see cref="NmSparseLinear"/>.
    /// </summary>
    public NmSparseLinearModule(NmCompressedMatrix weight, Tensor? bias = null, KernelPath? path = null,
        int threads = 0) : base(nameof(NmSparseLinearModule))
    {
        ArgumentNullException.ThrowIfNull(weight);
        float[] biasValues = [];
        if (bias is not null)
        {
            using var cpu = bias.detach().to(ScalarType.Float32, CPU).contiguous();
            biasValues = cpu.data<float>().ToArray();
        }
        _kernel = new NmSparseLinear(weight, biasValues, path, threads);
    }

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
}
