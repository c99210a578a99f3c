using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// A <see cref="Linear"/> with a masked weight (see <see cref="SparseLayer"/>). GEMM rows counted for FLOPs are the
/// product of all input dimensions but the last. A weight (and bias) of another floating type than the input is cast
/// to the input's type after masking, so a bfloat16 input runs a bfloat16 GEMM on the float32 masked weight.
/// </summary>
public sealed class SparseLinear : SparseLayer
{
    /// <summary>Wraps <paramref name="linear"/>, sharing its weight and bias Parameters.</summary>
    public SparseLinear(Linear linear) : base(nameof(SparseLinear), linear.weight, linear.bias) { }

    public override Tensor forward(Tensor input)
    {
        long rows = input.numel() / Math.Max(1, input.shape[^1]);
        CountRows(input, rows);
        return WithEffectiveWeight(w =>
            nn.functional.linear(input, As(w, input), Bias is null ? null : As(Bias, input)), input.dtype);
    }

    // A differentiable cast (gradients reach the float32 weight as float32); no copy when the types agree.
    private static Tensor As(Tensor weight, Tensor input) =>
        weight.dtype == input.dtype ? weight : weight.to_type(input.dtype);
}
