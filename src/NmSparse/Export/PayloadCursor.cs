using System.Buffers.Binary;

namespace NmSparse.Export;

/// <summary>
/// Bounds-checked little-endian reads from a model file's payload. Every failure is a one-line
/// <see cref="UserInputException"/> "source: context: problem", <see cref="Context"/> naming the tensor being read.
/// </summary>
internal ref struct PayloadCursor
{
    private readonly ReadOnlySpan<byte> _payload;
    private readonly string _source;
    private int _offset;

    public PayloadCursor(ReadOnlySpan<byte> payload, string source)
    {
        _payload = payload;
        _source = source;
        _offset = 0;
        Context = "payload";
    }

    public string Context { get; set; }
    public int Remaining => _payload.Length - _offset;

    public byte U8() => Take(1)[0];
    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));
    public long I64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    /// <summary>A u64 byte count followed by that many bytes.</summary>
    public ReadOnlySpan<byte> Block()
    {
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        if (length > (ulong)Remaining) throw Error("record runs past the end of the payload");
        return Take((int)length);
    }

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining) throw Error("record runs past the end of the payload");
        ReadOnlySpan<byte> bytes = _payload.Slice(_offset, count);
        _offset += count;
        return bytes;
    }

    public readonly UserInputException Error(string problem) => new($"{_source}: {Context}: {problem}");
}
