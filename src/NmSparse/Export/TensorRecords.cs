using System.Runtime.InteropServices;
using System.Text;
using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Export;

/// <summary>Writes and reads one tensor record of a model file (layout in docs/format.md).</summary>
internal static class TensorRecords
{
    private const int MaxRank = 8;

    public static void Write(BinaryWriter w, StoredTensor t)
    {
        byte[] name = Encoding.UTF8.GetBytes(t.Name);
        if (name.Length > ushort.MaxValue)
            throw new UserInputException($"tensor '{t.Name}': name longer than {ushort.MaxValue} UTF-8 bytes");
        if (t.Shape.Length > MaxRank)
            throw new UserInputException($"tensor '{t.Name}': rank {t.Shape.Length} above {MaxRank}");
        w.Write((ushort)name.Length);
        w.Write(name);
        w.Write((byte)t.Kind);
        DTypeCodes.TryCode(t.DType, out byte code);
        w.Write(code);
        w.Write((byte)t.Shape.Length);
        foreach (long d in t.Shape) w.Write(d);
        if (t.Matrix is not { } matrix)
        {
            w.Write((ulong)t.Data.Length);
            w.Write(t.Data);
            return;
        }
        w.Write((ushort)matrix.Pattern.N);
        w.Write((ushort)matrix.Pattern.M);
        w.Write((byte)t.Axis);
        w.Write((ulong)StoredTensor.ValueBytes(matrix));
        foreach (float v in matrix.Values)
        {
            if (matrix.ValueType == NmValueType.BFloat16) w.Write(BFloat16Bits.FromSingle(v));
            else w.Write(v);
        }
        byte[] packed = PositionPacking.Pack(matrix.Positions, NmCompressedMatrix.PositionBits(matrix.Pattern.M));
        w.Write((ulong)packed.Length);
        w.Write(packed);
    }

    public static StoredTensor Read(ref PayloadCursor c, int index)
    {
        c.Context = $"tensor #{index}";
        ReadOnlySpan<byte> nameBytes = c.Take(c.U16());
        string name;
        try
        {
            name = new UTF8Encoding(false, true).GetString(nameBytes);
        }
        catch (DecoderFallbackException)
        {
            throw c.Error("name is not valid UTF-8");
        }
        if (name.Length == 0) throw c.Error("empty name");
        c.Context = $"tensor '{name}'";
        byte kind = c.U8(), code = c.U8(), rank = c.U8();
        if (kind > (byte)StoredTensorKind.NmCompressed) throw c.Error($"unknown kind {kind}");
        if (!DTypeCodes.TryType(code, out ScalarType dtype, out int size)) throw c.Error($"unknown dtype code {code}");
        if (rank > MaxRank) throw c.Error($"rank {rank} above {MaxRank}");
        var shape = new long[rank];
        for (int i = 0; i < rank; i++) shape[i] = c.I64();
        string shapeText = $"[{string.Join(", ", shape)}]";
        if (shape.Any(d => d < 0)) throw c.Error($"negative dimension in shape {shapeText}");
        if (kind == (byte)StoredTensorKind.Dense)
        {
            ReadOnlySpan<byte> data = c.Block();
            long elements = shape.Aggregate(1L, (a, d) => d == 0 || a <= long.MaxValue / d ? a * d : -1);
            if (elements < 0 || data.Length != elements * size)
                throw c.Error($"{data.Length} data bytes, shape {shapeText} of {dtype} needs {elements * size}");
            return StoredTensor.FromRaw(name, shape, dtype, data.ToArray());
        }
        return StoredTensor.FromMatrix(name, shape, ReadMatrix(ref c, shape, shapeText, dtype, size, out var axis),
            axis);
    }

    private static NmCompressedMatrix ReadMatrix(ref PayloadCursor c, long[] shape, string shapeText,
        ScalarType dtype, int size, out GroupAxis axis)
    {
        if (shape.Length != 2) throw c.Error($"an N:M tensor must be 2-D (shape {shapeText})");
        if (dtype is not (ScalarType.Float32 or ScalarType.BFloat16))
            throw c.Error($"N:M values must be Float32 or BFloat16 (got {dtype})");
        int n = c.U16(), m = c.U16();
        byte axisCode = c.U8();
        if (axisCode > (byte)GroupAxis.Output) throw c.Error($"unknown group axis {axisCode}");
        axis = (GroupAxis)axisCode;
        NmPattern pattern;
        try
        {
            pattern = new NmPattern(n, m);
        }
        catch (UserInputException e)
        {
            throw c.Error(e.Message);
        }
        // An Output-axis weight [out, in] is stored as its transpose [in, out].
        (long rows, long columns) = axis == GroupAxis.Input ? (shape[0], shape[1]) : (shape[1], shape[0]);
        ReadOnlySpan<byte> valueBytes = c.Block();
        ReadOnlySpan<byte> packed = c.Block();
        if (valueBytes.Length % size != 0) throw c.Error($"{valueBytes.Length} value bytes are not whole {dtype}s");
        int count = valueBytes.Length / size;
        float[] values = dtype == ScalarType.Float32
            ? MemoryMarshal.Cast<byte, float>(valueBytes).ToArray()
            : MemoryMarshal.Cast<byte, ushort>(valueBytes).ToArray().Select(BFloat16Bits.ToSingle).ToArray();
        int bits = m <= NmCompressedMatrix.MaxGroupSize ? NmCompressedMatrix.PositionBits(m) : 8;
        if (packed.Length != PositionPacking.PackedLength(count, bits))
            throw c.Error($"{packed.Length} position bytes, {count} positions of {bits} bits need " +
                          $"{PositionPacking.PackedLength(count, bits)}");
        byte[] positions = PositionPacking.Unpack(packed, count, bits)
            ?? throw c.Error("unused bits after the last position are not zero");
        try
        {
            var valueType = dtype == ScalarType.BFloat16 ? NmValueType.BFloat16 : NmValueType.Float32;
            return NmCompressedMatrix.FromParts(rows, columns, pattern, valueType, values, positions);
        }
        catch (UserInputException e)
        {
            throw c.Error(e.Message);
        }
    }
}
