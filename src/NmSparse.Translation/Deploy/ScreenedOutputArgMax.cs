using NmSparse.Kernels;
using NmSparse.Translation.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Deploy;

/// <summary>
/// The sparse engine's greedy arg-max over the tied output projection for one sentence at a time (batch 1, where
/// reading the float32 matrix dominates a step): <see cref="ScreenedArgMax"/> screens with a bfloat16 copy made once
/// here, and the candidate rows are rescored by libtorch's own product, linear(hidden, W[rows]), on whole aligned
/// blocks of <see cref="RowBlock"/> rows of W in order (<see cref="BlockRows"/>).
/// <para>
/// Why those are the full path's float32 logits: libtorch's CPU product (MKL sgemm at batch 1) sums a row's logit in
/// an order that depends on the row's place among the output rows: a lone row or an odd count gives other last
/// bits (measured), but any union of aligned 16-row blocks keeps every row's offset modulo 16 and keeps W's final
/// partial block last, and its logits were bit-identical to the full product's for every shape and thread count
/// tried (ScreenedOutputArgMaxTests checks this, so a libtorch or CPU where it fails shows up there). So the token is
/// the one the full path picks. Batches above 1 and other devices or dtypes decline (null), leaving the full
/// product. The copy is of the weights at construction: for inference only.
/// </para>
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

    /// <summary>Candidates are rescored in whole aligned blocks of this many rows of W.</summary>
    internal const int RowBlock = 16;

    /// <summary>
    /// The rows of every aligned <see cref="RowBlock"/>-row block of a <paramref name="vocab"/>-row W holding one of
    /// <paramref name="rows"/> (ascending), ascending.
    /// </summary>
    internal static long[] BlockRows(ReadOnlySpan<int> rows, int vocab)
    {
        var blockRows = new List<long>();
        int lastBlock = -1;
        foreach (int row in rows)
        {
            int block = row / RowBlock;
            if (block == lastBlock) continue;
            for (int r = block * RowBlock; r < Math.Min(vocab, (block + 1) * RowBlock); r++) blockRows.Add(r);
            lastBlock = block;
        }
        return blockRows.ToArray();
    }

    /// <summary>The full path's logits of <paramref name="rows"/>, from linear(hidden, W[their blocks]).</summary>
    private static void LibTorchScores(Tensor hidden, Tensor weight, ReadOnlySpan<int> rows, Span<float> scores)
    {
        using var scope = NewDisposeScope();
        long[] blockRows = BlockRows(rows, (int)weight.shape[0]);
        using var logits = nn.functional.linear(hidden, weight.index_select(0, tensor(blockRows)));
        float[] values = logits.contiguous().data<float>().ToArray();
        for (int i = 0, j = 0; i < rows.Length; i++)
        {
            while (blockRows[j] != rows[i]) j++;
            scores[i] = values[j];
        }
    }
}
