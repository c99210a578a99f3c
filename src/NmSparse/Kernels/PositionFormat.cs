namespace NmSparse.Kernels;

/// <summary>How <see cref="LaneLayout"/> stores an entry's positions (see <see cref="IPositionLanes"/>).</summary>
internal enum PositionFormat
{
    /// <summary>One byte per lane, window-relative.</summary>
    Bytes,

    /// <summary>Four bits per lane (16 lanes), window-relative.</summary>
    Nibbles,

    /// <summary>⌈log2 M⌉ bits per lane in a 32-bit word (16 lanes), group-relative.</summary>
    Packed,
}

/// <summary>Sizes of the <see cref="PositionFormat"/>s.</summary>
internal static class PositionFormats
{
    /// <summary>Bits per packed position: ⌈log2 M⌉ (1 for M = 2, 2 for M = 4).</summary>
    public static int BitsFor(this PositionFormat format, int m) =>
        format == PositionFormat.Packed ? NmCompressedMatrix.PositionBits(m) : 8;

    /// <summary>Bytes of one entry of <paramref name="lanes"/> positions.</summary>
    public static int EntryBytes(this PositionFormat format, int lanes) => format switch
    {
        PositionFormat.Nibbles => lanes / 2,
        PositionFormat.Packed => sizeof(uint),
        _ => lanes,
    };
}
