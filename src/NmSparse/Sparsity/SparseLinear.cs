using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// A <see cref="Linear"/> with a masked weight (see <see cref="SparseLayer"/>). GEMM rows counted for FLOPs are the
/// product of all input dimensions but the last.
/// </summary>
public sealed class SparseLinear : SparseLayer
{
    /// <summary>Wraps <paramref name="linear"/>, sharing its weight and bias Parameters.</summary>
    public SparseLinear(Linear linear) : base(nameof(SparseLinear), linear.weight, linear.bias) { }

    public override Tensor forward(Tensor input)
    {
        long rows = input.numel() / Math.Max(1, input.shape[^1]);
        CountRows(input, rows);
        return WithEffectiveWeight(w => nn.functional.linear(input, w, Bias));
    }
}
