using System.Runtime.InteropServices;

namespace NmSparse.Kernels;

/// <summary>
/// The kernel's internal copy of an <see cref="NmCompressedMatrix"/>: output rows in blocks of <see cref="Lanes"/>,
/// and for each block, group and k the <see cref="Lanes"/> values (float32 or bfloat16 bits) and positions of its
/// rows side by side. A batch-1 pass over a block is then one sequential stream of values and one of positions.
/// Rows past the end of the matrix hold zeros. Arrays live on the pinned heap so kernels may hold raw pointers.
/// <para>
/// A position is stored relative to its group's x window, which starts at group · M rounded down to a multiple of
/// <see cref="WindowAlign"/> (1: the group's own start), so a kernel with aligned windows can reuse one x load for
/// every group inside it.
/// </para>
/// </summary>
internal sealed class LaneLayout
{
    public LaneLayout(NmCompressedMatrix matrix, int lanes, int windowAlign,
        PositionFormat format = PositionFormat.Bytes)
    {
        Lanes = lanes;
        if (!int.IsPow2(windowAlign)) throw new ArgumentOutOfRangeException(nameof(windowAlign));
        WindowAlign = windowAlign;
        Rows = matrix.Rows;
        Groups = matrix.GroupsPerRow;
        N = matrix.Pattern.N;
        M = matrix.Pattern.M;
        Blocks = (Rows + lanes - 1) / lanes;
        ValueSize = matrix.ValueType == NmValueType.BFloat16 ? sizeof(ushort) : sizeof(float);
        long entries = (long)Blocks * Groups * N * lanes;
        Values = GC.AllocateArray<byte>(checked((int)(entries * ValueSize)), pinned: true);
        var control = new byte[entries];
        var relative = new byte[entries];
        Span<float> f32 = MemoryMarshal.Cast<byte, float>(Values.AsSpan());
        Span<ushort> b16 = MemoryMarshal.Cast<byte, ushort>(Values.AsSpan());
        ReadOnlySpan<float> values = matrix.Values;
        ReadOnlySpan<byte> positions = matrix.Positions;
        int perRow = Groups * N;
        for (int row = 0; row < Rows; row++)
        {
            int block = row / lanes, lane = row % lanes;
            for (int e = 0; e < perRow; e++)
            {
                // Entry e = group · N + k of this row goes to (block, group, k, lane).
                int to = (block * perRow + e) * lanes + lane;
                float v = values[row * perRow + e];
                if (ValueSize == sizeof(float)) f32[to] = v;
                else b16[to] = BFloat16Bits.FromSingle(v);
                int start = e / N * M;
                relative[to] = positions[row * perRow + e];
                control[to] = (byte)(start - WindowStart(start, windowAlign) + relative[to]);
            }
        }
        PositionBytes = format.EntryBytes(lanes);
        Positions = GC.AllocateArray<byte>(checked((int)(entries / lanes * PositionBytes)), pinned: true);
        for (long entry = 0; entry < entries / lanes; entry++)
            Pack(format, control.AsSpan((int)(entry * lanes), lanes), relative.AsSpan((int)(entry * lanes), lanes),
                Positions.AsSpan((int)(entry * PositionBytes), PositionBytes), NmCompressedMatrix.PositionBits(M));
    }

    /// <summary>Position bytes per entry of <see cref="Lanes"/> positions.</summary>
    public int PositionBytes { get; }

    public int Lanes { get; }
    public int WindowAlign { get; }
    public int Rows { get; }
    public int Groups { get; }
    public int N { get; }
    public int M { get; }
    public int Blocks { get; }
    public int ValueSize { get; }
    public byte[] Values { get; }
    public byte[] Positions { get; }

    /// <summary>Packs one entry's positions (window-relative control, group-relative positions).</summary>
    private static void Pack(PositionFormat format, ReadOnlySpan<byte> control, ReadOnlySpan<byte> relative,
        Span<byte> target, int bits)
    {
        switch (format)
        {
            case PositionFormat.Nibbles:
                int half = control.Length / 2;
                for (int i = 0; i < half; i++) target[i] = (byte)(control[i] | control[i + half] << 4);
                break;
            case PositionFormat.Packed:
                uint word = 0;
                for (int i = 0; i < relative.Length; i++) word |= (uint)relative[i] << (i * bits);
                BitConverter.TryWriteBytes(target, word);
                break;
            default:
                control.CopyTo(target);
                break;
        }
    }

    /// <summary>The x window of the group starting at column <paramref name="start"/> (power-of-two align).</summary>
    public static int WindowStart(int start, int windowAlign) => start & -windowAlign;
}
