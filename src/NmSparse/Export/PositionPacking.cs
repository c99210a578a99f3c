namespace NmSparse.Export;

/// <summary>
/// Positions packed as a little-endian bit stream: position i occupies bits [i·b, i·b + b) with b = ⌈log2 M⌉,
/// bit j of the stream being bit j % 8 of byte j / 8. Unused bits of the last byte are zero.
/// </summary>
internal static class PositionPacking
{
    public static long PackedLength(long count, int bits) => (count * bits + 7) / 8;

    public static byte[] Pack(ReadOnlySpan<byte> positions, int bits)
    {
        var packed = new byte[PackedLength(positions.Length, bits)];
        long bit = 0;
        foreach (byte p in positions)
        {
            for (int j = 0; j < bits; j++, bit++)
                if ((p >> j & 1) != 0) packed[bit >> 3] |= (byte)(1 << (int)(bit & 7));
        }
        return packed;
    }

    /// <summary>The positions, or null when unused bits of the last byte are set (a non-canonical stream).</summary>
    public static byte[]? Unpack(ReadOnlySpan<byte> packed, int count, int bits)
    {
        var positions = new byte[count];
        long bit = 0;
        for (int i = 0; i < count; i++)
        {
            int p = 0;
            for (int j = 0; j < bits; j++, bit++) p |= (packed[(int)(bit >> 3)] >> (int)(bit & 7) & 1) << j;
            positions[i] = (byte)p;
        }
        for (; bit < packed.Length * 8L; bit++)
            if ((packed[(int)(bit >> 3)] >> (int)(bit & 7) & 1) != 0) return null;
        return positions;
    }
}
