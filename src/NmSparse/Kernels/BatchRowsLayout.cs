using System.Runtime.InteropServices;

namespace NmSparse.Kernels;

/// <summary>
/// The <see cref="BatchRowsKernel"/>'s copy of an <see cref="NmCompressedMatrix"/>: every output row's kept values
/// (float32 or bfloat16 bits) in the matrix's own order (group by group, k by k), and beside each one byte, the
/// kept input's column relative to the start of its input tile (a tile holds <see cref="TileGroups"/> groups, at most
/// <see cref="BatchRowsKernel.TileInputs"/> columns). Rows are padded with zero values up to a multiple of
/// <see cref="BatchRowsKernel.RowsAtOnce"/>. Arrays live on the pinned heap so the kernel may hold raw pointers.
/// </summary>
internal sealed class BatchRowsLayout
{
    public BatchRowsLayout(NmCompressedMatrix matrix)
    {
        Rows = matrix.Rows;
        PaddedRows = (Rows + BatchRowsKernel.RowsAtOnce - 1) / BatchRowsKernel.RowsAtOnce * BatchRowsKernel.RowsAtOnce;
        Columns = matrix.Columns;
        N = matrix.Pattern.N;
        M = matrix.Pattern.M;
        Groups = matrix.GroupsPerRow;
        TileGroups = BatchRowsKernel.TileInputs / M;
        ValueSize = matrix.ValueType == NmValueType.BFloat16 ? sizeof(ushort) : sizeof(float);
        long entries = (long)PaddedRows * EntriesPerRow;
        Values = GC.AllocateArray<byte>(checked((int)(entries * ValueSize)), pinned: true);
        Columns8 = GC.AllocateArray<byte>(checked((int)entries), pinned: true);
        Span<float> f32 = MemoryMarshal.Cast<byte, float>(Values.AsSpan());
        Span<ushort> b16 = MemoryMarshal.Cast<byte, ushort>(Values.AsSpan());
        ReadOnlySpan<float> values = matrix.Values;
        ReadOnlySpan<byte> positions = matrix.Positions;
        for (int e = 0; e < Rows * EntriesPerRow; e++)
        {
            if (ValueSize == sizeof(float)) f32[e] = values[e];
            else b16[e] = BFloat16Bits.FromSingle(values[e]);
            int group = e % EntriesPerRow / N;
            Columns8[e] = (byte)(group % TileGroups * M + positions[e]);
        }
    }

    public int Rows { get; }

    /// <summary><see cref="Rows"/> rounded up to a multiple of <see cref="BatchRowsKernel.RowsAtOnce"/>.</summary>
    public int PaddedRows { get; }

    public int Columns { get; }
    public int N { get; }
    public int M { get; }
    public int Groups { get; }

    /// <summary>Groups per input tile: as many whole groups as fit in <see cref="BatchRowsKernel.TileInputs"/>.</summary>
    public int TileGroups { get; }

    public int Tiles => (Groups + TileGroups - 1) / TileGroups;
    public int EntriesPerRow => Groups * N;
    public int ValueSize { get; }

    /// <summary>Kept values, <see cref="EntriesPerRow"/> per row, in the compressed matrix's order.</summary>
    public byte[] Values { get; }

    /// <summary>Each kept value's column relative to its tile's first column (0 … TileInputs − 1).</summary>
    public byte[] Columns8 { get; }
}
