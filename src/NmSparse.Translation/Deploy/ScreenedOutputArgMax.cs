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
/// Why the token is the one the full path picks: the screen's bound holds against the float32 logit summed in any
/// order, so the full path's arg-max is among the candidates. A candidate's rescored logit and its logit in the full
/// product are two float32 sums of the same d products, maybe in different orders (libtorch's CPU product sums a
/// row in an order that can depend on the row's place among the output rows; on AMD EPYC aligned 16-row blocks gave
/// the full product's bits, on an Intel Xeon with AVX-512 they did not), so they differ by at most
/// 2γ_d·‖w_r‖₂‖x‖₂ (<see cref="RescoreSlack"/>). When the best rescored candidate beats every other candidate by
/// more than both slacks, it is the full product's arg-max too; otherwise (a near tie) the candidates take their
/// logits from the full product instead (<see cref="FullProductFallbacks"/> counts these steps), so the token is the
/// full path's in every case. Batches above 1 and other devices or dtypes decline (null), leaving the full product.
/// The copy is of the weights at construction: for inference only.
/// </para>
/// </summary>
public sealed class ScreenedOutputArgMax : IOutputArgMax
{
    private readonly BFloat16ScreenMatrix _screen;
    private readonly ScreenedArgMax _argMax;

    /// <summary>Screens <paramref name="outputWeight"/> [V, D] (float32, CPU) on <paramref name="threads"/>.</summary>
    public ScreenedOutputArgMax(Tensor outputWeight, int threads = 0, KernelPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(outputWeight);
        _screen = BFloat16ScreenMatrix.FromTensor(outputWeight);
        _argMax = new ScreenedArgMax(_screen, path, threads);
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
        double squares = 0;
        foreach (float v in x) squares += (double)v * v;
        double xNorm = Math.BitIncrement(Math.Sqrt(squares));
        int? token = _argMax.ArgMax(x, (rows, scores) => LibTorchScores(hidden, outputWeight, rows, scores, xNorm));
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

    /// <summary>Steps whose candidates were too close to call from the rescore and took the full product's logits.</summary>
    public long FullProductFallbacks { get; private set; }

    /// <summary>
    /// The full path's logits of <paramref name="rows"/>: linear(hidden, W[their blocks]), or the full product's
    /// when the rescored best is not clear of every other candidate by <see cref="RescoreSlack"/>
    /// (<paramref name="xNorm"/> an upper bound of ‖hidden‖₂).
    /// </summary>
    private void LibTorchScores(Tensor hidden, Tensor weight, ReadOnlySpan<int> rows, Span<float> scores, double xNorm)
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
        if (ClearWinner(rows, scores, xNorm)) return;
        FullProductFallbacks++;
        float[] full = nn.functional.linear(hidden, weight).contiguous().data<float>().ToArray();
        for (int i = 0; i < rows.Length; i++) scores[i] = full[rows[i]];
    }

    /// <summary>
    /// True when the best of <paramref name="scores"/> exceeds every other by more than both rows' slacks (row norms:
    /// the screen's upper bounds of ‖w_r‖₂ of the weights at construction).
    /// </summary>
    private bool ClearWinner(ReadOnlySpan<int> rows, ReadOnlySpan<float> scores, double xNorm)
    {
        ReadOnlySpan<double> rowNorms = _screen.RowNorms;
        int best = 0;
        for (int i = 1; i < scores.Length; i++)
            if (scores[i] > scores[best]) best = i;
        double bestSlack = RescoreSlack(_screen.Columns, rowNorms[rows[best]], xNorm);
        for (int i = 0; i < scores.Length; i++)
        {
            if (i == best) continue;
            double slack = RescoreSlack(_screen.Columns, rowNorms[rows[i]], xNorm);
            if ((double)scores[best] - scores[i] <= bestSlack + slack) return false;
        }
        return true;
    }

    /// <summary>
    /// An upper bound of |a − b| for two float32 evaluations a, b of the same d-term dot product w·x in any orders:
    /// each is within γ_d·Σ|w_k x_k| ≤ γ_d‖w‖₂‖x‖₂ of the exact value (Higham §3.1), so 2γ_d‖w‖₂‖x‖₂, widened by
    /// 2⁻¹⁶ for the float64 rounding of this product (the norms passed in are upper bounds), and by d·2⁻¹⁴⁷ for underflow.
    /// </summary>
    internal static double RescoreSlack(int width, double rowNorm, double xNorm)
    {
        double du = width * Math.ScaleB(1, -24);
        double gamma = du / (1 - du);
        return (2 * gamma * rowNorm * xNorm + width * Math.ScaleB(1, -147)) * (1 + Math.ScaleB(1, -16));
    }
}
