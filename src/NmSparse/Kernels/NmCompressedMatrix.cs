using System.Numerics;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Kernels;

/// <summary>
/// An N:M-sparse weight [rows = outputs, columns = inputs] stored compressed: groups of M consecutive columns
/// (the <see cref="GroupAxis.Input"/> grouping of <see cref="NmMask"/>), and for every group exactly N kept values
/// with their positions 0..M-1 inside the group, strictly increasing. Entry (row, group, k) lives at index
/// (row · <see cref="GroupsPerRow"/> + group) · N + k of <see cref="Values"/> and <see cref="Positions"/>.
/// <para>
/// A group with fewer than N non-zeros (a weight that is exactly 0 at a kept place) stores explicit zeros at its
/// lowest-index zero positions, so every group holds exactly N entries. bfloat16 values are kept here as the float32
/// numbers they represent exactly. Output-axis layers are not a matrix of this kind: compress their transpose.
/// </para>
/// </summary>
public sealed class NmCompressedMatrix
{
    /// <summary>Largest supported group size: a position must fit in one byte.</summary>
    public const int MaxGroupSize = 256;

    private readonly float[] _values;
    private readonly byte[] _positions;

    private NmCompressedMatrix(int rows, int columns, NmPattern pattern, NmValueType valueType, float[] values,
        byte[] positions)
    {
        Rows = rows;
        Columns = columns;
        Pattern = pattern;
        ValueType = valueType;
        _values = values;
        _positions = positions;
    }

    public int Rows { get; }
    public int Columns { get; }
    public NmPattern Pattern { get; }
    public NmValueType ValueType { get; }
    public int GroupsPerRow => Columns / Pattern.M;

    /// <summary>⌈log2 M⌉: the bits that hold a position 0..M-1 (M ≥ 2).</summary>
    public static int PositionBits(int m) => 32 - BitOperations.LeadingZeroCount((uint)(m - 1));

    /// <summary>Kept values, N per group, row-major (see the class summary).</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Positions 0..M-1 of the kept values inside their group, strictly increasing per group.</summary>
    public ReadOnlySpan<byte> Positions => _positions;

    /// <summary>
    /// Compresses a 2-D weight whose every group of M consecutive columns holds at most N non-zeros (a masked
    /// weight). Values are converted to float32, or rounded to the nearest bfloat16 for
    /// <see cref="NmValueType.BFloat16"/>. Throws <see cref="UserInputException"/> for a weight that is not 2-D,
    /// columns not divisible by M, M above <see cref="MaxGroupSize"/>, or a group with more than N non-zeros.
    /// </summary>
    public static NmCompressedMatrix FromDense(Tensor weight, NmPattern pattern,
        NmValueType valueType = NmValueType.Float32)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() != 2)
            throw new UserInputException(
                $"only a 2-D weight can be N:M compressed (shape [{string.Join(", ", weight.shape)}])");
        (int rows, int columns) = CheckShape(weight.shape[0], weight.shape[1], pattern);
        float[] dense;
        using (var cpu = weight.detach().to(ScalarType.Float32, CPU).contiguous())
            dense = cpu.data<float>().ToArray();

        int n = pattern.N, m = pattern.M, kept = rows * (columns / m) * n;
        var values = new float[kept];
        var positions = new byte[kept];
        int next = 0;
        for (int start = 0; start < dense.Length; start += m)
        {
            ReadOnlySpan<float> group = dense.AsSpan(start, m);
            int nonZeros = 0;
            foreach (float w in group) if (w != 0f) nonZeros++;
            if (nonZeros > n)
                throw new UserInputException(
                    $"row {start / columns}, group {start % columns / m} holds {nonZeros} non-zero weights, " +
                    $"more than {n} of {pattern}");
            int zerosToKeep = n - nonZeros;
            for (int j = 0; j < m; j++)
            {
                bool isZero = group[j] == 0f;
                if (isZero && zerosToKeep == 0) continue;
                if (isZero) zerosToKeep--;
                values[next] = valueType == NmValueType.BFloat16 ? BFloat16Bits.Round(group[j]) : group[j];
                positions[next++] = (byte)j;
            }
        }
        return new NmCompressedMatrix(rows, columns, pattern, valueType, values, positions);
    }

    /// <summary>
    /// A matrix from its stored parts (as a file reader has them), validated: lengths must be rows · groups · N,
    /// every group's positions N strictly increasing indices below M, and bfloat16 values exact bfloat16 numbers.
    /// Throws <see cref="UserInputException"/> naming the first problem. The arrays are taken, not copied.
    /// </summary>
    public static NmCompressedMatrix FromParts(long rows, long columns, NmPattern pattern, NmValueType valueType,
        float[] values, byte[] positions)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(positions);
        (int r, int c) = CheckShape(rows, columns, pattern);
        long kept = (long)r * (c / pattern.M) * pattern.N;
        if (values.Length != kept)
            throw new UserInputException($"{values.Length} values stored, {pattern} over [{r}, {c}] needs {kept}");
        if (positions.Length != kept)
            throw new UserInputException(
                $"{positions.Length} positions stored, {pattern} over [{r}, {c}] needs {kept}");
        CheckPositions(positions, pattern, c / pattern.M);
        if (valueType == NmValueType.BFloat16)
        {
            for (int i = 0; i < values.Length; i++)
                if (BitConverter.SingleToUInt32Bits(values[i]) != BitConverter.SingleToUInt32Bits(
                        BFloat16Bits.Round(values[i])))
                    throw new UserInputException($"value {i} ({values[i]}) is not a bfloat16 number");
        }
        return new NmCompressedMatrix(r, c, pattern, valueType, values, positions);
    }

    /// <summary>The dense float32 weight [rows, columns] on the CPU: zeros except at the kept positions.</summary>
    public Tensor ToDense()
    {
        var dense = new float[(long)Rows * Columns];
        int n = Pattern.N, m = Pattern.M;
        for (int i = 0; i < _values.Length; i++)
            dense[i / n * m + _positions[i]] = _values[i];
        return tensor(dense, new long[] { Rows, Columns });
    }

    private static (int Rows, int Columns) CheckShape(long rows, long columns, NmPattern pattern)
    {
        if (pattern.M > MaxGroupSize)
            throw new UserInputException($"N:M {pattern}: M above {MaxGroupSize} cannot be compressed");
        if (rows < 1 || columns < 1 || rows * columns > int.MaxValue)
            throw new UserInputException($"shape [{rows}, {columns}] cannot be compressed (empty or too large)");
        if (columns % pattern.M != 0)
            throw new UserInputException(
                $"shape [{rows}, {columns}] is not divisible into groups of {pattern.M} along the input dimension");
        return ((int)rows, (int)columns);
    }

    private static void CheckPositions(byte[] positions, NmPattern pattern, int groupsPerRow)
    {
        int n = pattern.N;
        for (int start = 0; start < positions.Length; start += n)
        {
            bool valid = true;
            for (int k = 0; k < n; k++)
                valid &= positions[start + k] < pattern.M
                         && (k == 0 || positions[start + k] > positions[start + k - 1]);
            if (valid) continue;
            int group = start / n;
            throw new UserInputException(
                $"row {group / groupsPerRow}, group {group % groupsPerRow}: positions " +
                $"[{string.Join(", ", positions.Skip(start).Take(n))}] are not {n} distinct increasing indices " +
                $"below {pattern.M}");
        }
    }
}
