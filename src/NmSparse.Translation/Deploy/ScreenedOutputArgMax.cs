using NmSparse.Kernels;
using NmSparse.Translation.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Deploy;

/// <summary>
/// The sparse engine's greedy arg-max over the tied output projection for one sentence at a time (batch 1, where
/// reading the float32 matrix dominates a step): <see cref="ScreenedArgMax"/> screens with a bfloat16 copy made once
/// here, and the few candidate rows are rescored by libtorch's own product, linear(hidden, W[candidates]), the one
/// the full path computes. libtorch's CPU matmul sums each output over the input axis the same way whatever the
/// number of output rows, so these are the full path's float32 logits and the token is the one it picks
/// (tests check it on random and near-tie matrices). Batches above 1 and other devices or dtypes decline (null),
/// leaving the full product. The copy is of the weights at construction: for inference only.
/// </summary>
public sealed class ScreenedOutputArgMax : IOutputArgMax
{
    private readonly ScreenedArgMax _argMax;

    /// <summary>Screens <paramref name="outputWeight"/> [V, D] (float32, CPU) on <paramref name="threads"/>.</summary>
    public ScreenedOutputArgMax(Tensor outputWeight, int threads = 0, KernelPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(outputWeight);
        _argMax = new ScreenedArgMax(BFloat16ScreenMatrix.FromTensor(outputWeight), path, threads);
    }

    /// <inheritdoc />
    public long[]? ArgMax(Tensor hidden, Tensor outputWeight)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(outputWeight);
        if (hidden.dim() != 3 || hidden.shape[0] != 1 || hidden.shape[1] != 1 || hidden.shape[2] != _argMax.Columns
            || outputWeight.shape[0] != _argMax.Rows || hidden.dtype != ScalarType.Float32
            || outputWeight.dtype != ScalarType.Float32 || hidden.device_type != DeviceType.CPU
            || outputWeight.device_type != DeviceType.CPU)
            return null;
        using var scope = NewDisposeScope();
        float[] x = hidden.contiguous().data<float>().ToArray();
        int? token = _argMax.ArgMax(x, (rows, scores) => LibTorchScores(hidden, outputWeight, rows, scores));
        return token is { } t ? [t] : null;
    }

    /// <summary>linear(hidden, W[rows]): the full path's logits of those rows.</summary>
    private static void LibTorchScores(Tensor hidden, Tensor weight, ReadOnlySpan<int> rows, Span<float> scores)
    {
        using var scope = NewDisposeScope();
        var index = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++) index[i] = rows[i];
        using var logits = nn.functional.linear(hidden, weight.index_select(0, tensor(index)));
        logits.contiguous().data<float>().ToArray().CopyTo(scores);
    }
}
