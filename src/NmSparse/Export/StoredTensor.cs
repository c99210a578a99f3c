using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Export;

/// <summary>
/// One named tensor of a model file: dense (dtype, shape, raw little-endian bytes) or N:M compressed (an
/// <see cref="NmCompressedMatrix"/>). A compressed tensor is a 2-D weight [out, in]; with
/// <see cref="GroupAxis.Output"/> its groups run down the columns, so <see cref="Matrix"/> holds the transpose
/// [in, out] (groups along its rows) and <see cref="ToTensor"/> transposes back.
/// </summary>
public sealed class StoredTensor
{
    private readonly byte[]? _data;

    private StoredTensor(string name, long[] shape, ScalarType dtype, byte[]? data, NmCompressedMatrix? matrix,
        GroupAxis axis)
    {
        if (string.IsNullOrEmpty(name)) throw new UserInputException("a stored tensor needs a non-empty name");
        Name = name;
        Shape = shape;
        DType = dtype;
        _data = data;
        Matrix = matrix;
        Axis = axis;
    }

    public string Name { get; }
    public long[] Shape { get; }
    public StoredTensorKind Kind => Matrix is null ? StoredTensorKind.Dense : StoredTensorKind.NmCompressed;

    /// <summary>Element dtype: of the raw bytes (dense) or of the stored values (Float32 or BFloat16).</summary>
    public ScalarType DType { get; }

    /// <summary>The compressed weight (null for a dense tensor); see the class summary for Output axis.</summary>
    public NmCompressedMatrix? Matrix { get; }

    /// <summary>The group axis of a compressed tensor (Input for a dense one).</summary>
    public GroupAxis Axis { get; }

    /// <summary>Raw little-endian element bytes of a dense tensor (empty for a compressed one).</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>
    /// A dense tensor, copied to the host. Throws <see cref="UserInputException"/> for a dtype the format does not
    /// hold (complex and quantized types).
    /// </summary>
    public static StoredTensor Dense(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!DTypeCodes.TryCode(value.dtype, out _))
            throw new UserInputException($"tensor '{name}': dtype {value.dtype} cannot be stored");
        using var cpu = value.detach().cpu().contiguous();
        return new StoredTensor(name, value.shape, value.dtype, cpu.bytes.ToArray(), null, GroupAxis.Input);
    }

    /// <summary>
    /// An N:M-compressed 2-D weight whose groups (along <paramref name="axis"/>) hold at most N non-zeros, values
    /// stored as <paramref name="valueType"/>. Throws <see cref="UserInputException"/> naming the tensor when the
    /// weight is not 2-D, does not split into groups of M, or a group has more than N non-zeros.
    /// </summary>
    public static StoredTensor Compressed(string name, Tensor weight, NmPattern pattern, GroupAxis axis,
        NmValueType valueType = NmValueType.Float32)
    {
        ArgumentNullException.ThrowIfNull(weight);
        try
        {
            using var grouped = axis == GroupAxis.Output && weight.dim() == 2 ? weight.t() : weight.alias();
            var matrix = NmCompressedMatrix.FromDense(grouped, pattern, valueType);
            return FromMatrix(name, weight.shape, matrix, axis);
        }
        catch (UserInputException e)
        {
            throw new UserInputException($"tensor '{name}': {e.Message}", e);
        }
    }

    /// <summary>The dense tensor on the CPU (a compressed one decompressed, float32, of its original shape).</summary>
    public Tensor ToTensor()
    {
        if (Matrix is null)
        {
            Tensor t = empty(Shape, DType);
            _data.AsSpan().CopyTo(t.bytes);
            return t;
        }
        Tensor dense = Matrix.ToDense();
        if (Axis == GroupAxis.Input) return dense;
        using (dense) return dense.t().contiguous();
    }

    /// <summary>Bytes of data this tensor takes in the file (raw bytes, or values plus packed positions).</summary>
    public long DataBytes => Matrix is null
        ? _data!.LongLength
        : ValueBytes(Matrix) + PositionPacking.PackedLength(Matrix.Positions.Length,
            NmCompressedMatrix.PositionBits(Matrix.Pattern.M));

    internal static StoredTensor FromRaw(string name, long[] shape, ScalarType dtype, byte[] data) =>
        new(name, shape, dtype, data, null, GroupAxis.Input);

    internal static StoredTensor FromMatrix(string name, long[] shape, NmCompressedMatrix matrix, GroupAxis axis) =>
        new(name, shape, matrix.ValueType == NmValueType.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32, null,
            matrix, axis);

    internal static long ValueBytes(NmCompressedMatrix matrix) =>
        matrix.Values.Length * (matrix.ValueType == NmValueType.BFloat16 ? 2L : 4L);
}
