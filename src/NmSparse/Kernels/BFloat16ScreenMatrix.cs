using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// A reduced copy of a float32 matrix W [rows, columns] for screening row scores W·x: every weight rounded to the
/// nearest bfloat16 (ties to even), row-major, plus each float32 row's Euclidean norm ‖w_r‖₂ (in float64, one ulp
/// up; its rounding, far below 2⁻¹⁶, is covered by the widening of <see cref="ScreenErrorBound"/>, which needs it). Made once (at load); immutable, so it may be shared
/// between threads. Half the bytes of W, which is what a memory-bound batch-1 screen reads.
/// </summary>
public sealed class BFloat16ScreenMatrix
{
    private readonly ushort[] _values;
    private readonly double[] _rowNorms;

    /// <summary>
    /// Rounds <paramref name="weights"/> (rows × columns, row-major). Throws <see cref="ArgumentException"/> when the
    /// length is not rows · columns or a dimension is below 1, and <see cref="UserInputException"/> when a weight is
    /// not finite (no bound holds for it).
    /// </summary>
    public BFloat16ScreenMatrix(ReadOnlySpan<float> weights, int rows, int columns)
    {
        if (rows < 1 || columns < 1)
            throw new ArgumentException($"the matrix must have at least one row and column (got {rows} × {columns})");
        if (weights.Length != (long)rows * columns)
            throw new ArgumentException($"weights has {weights.Length} values, expected {rows} × {columns}",
                nameof(weights));
        _values = new ushort[weights.Length];
        _rowNorms = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * columns, columns);
            double squares = 0;
            for (int k = 0; k < columns; k++)
            {
                float w = row[k];
                if (!float.IsFinite(w))
                    throw new UserInputException($"weight [{r}, {k}] is {w}: the screen needs finite weights");
                _values[r * columns + k] = BFloat16Bits.FromSingle(w);
                squares += (double)w * w;
            }
            _rowNorms[r] = Math.BitIncrement(Math.Sqrt(squares));
        }
        Rows = rows;
        Columns = columns;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>The bfloat16 weights, row-major (rows · columns).</summary>
    internal ReadOnlySpan<ushort> Values => _values;

    /// <summary>‖w_r‖₂ of each float32 row (float64, one ulp up: an upper bound), as used by the screen's bound.</summary>
    public ReadOnlySpan<double> RowNorms => _rowNorms;

    /// <summary>
    /// The screen of a 2-D float32 CPU tensor. Throws <see cref="UserInputException"/> for anything else.
    /// </summary>
    public static BFloat16ScreenMatrix FromTensor(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() != 2 || weight.dtype != ScalarType.Float32 || weight.device_type != DeviceType.CPU)
            throw new UserInputException(
                $"the screen takes a 2-D float32 CPU matrix (got {weight.dtype} [{string.Join(", ", weight.shape)}] " +
                $"on {weight.device})");
        using var dense = weight.detach().contiguous();
        return new BFloat16ScreenMatrix(dense.data<float>().ToArray(), (int)weight.shape[0], (int)weight.shape[1]);
    }
}
