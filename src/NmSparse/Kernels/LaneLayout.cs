using System.Runtime.InteropServices;

namespace NmSparse.Kernels;

/// <summary>
/// The kernel's internal copy of an <see cref="NmCompressedMatrix"/>: output rows in blocks of <see cref="Lanes"/>,
/// and for each block, group and k the <see cref="Lanes"/> values (float32 or bfloat16 bits) and positions of its
/// rows side by side. A batch-1 pass over a block is then one sequential stream of values and one of positions.
/// Rows past the end of the matrix hold zeros. Arrays live on the pinned heap so kernels may hold raw pointers.
/// </summary>
internal sealed class LaneLayout
{
    public LaneLayout(NmCompressedMatrix matrix, int lanes)
    {
        Lanes = lanes;
        Rows = matrix.Rows;
        Groups = matrix.GroupsPerRow;
        N = matrix.Pattern.N;
        M = matrix.Pattern.M;
        Blocks = (Rows + lanes - 1) / lanes;
        ValueSize = matrix.ValueType == NmValueType.BFloat16 ? sizeof(ushort) : sizeof(float);
        long entries = (long)Blocks * Groups * N * lanes;
        Values = GC.AllocateArray<byte>(checked((int)(entries * ValueSize)), pinned: true);
        Positions = GC.AllocateArray<byte>(checked((int)entries), pinned: true);
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
                Positions[to] = positions[row * perRow + e];
            }
        }
    }

    public int Lanes { get; }
    public int Rows { get; }
    public int Groups { get; }
    public int N { get; }
    public int M { get; }
    public int Blocks { get; }
    public int ValueSize { get; }
    public byte[] Values { get; }
    public byte[] Positions { get; }
}
