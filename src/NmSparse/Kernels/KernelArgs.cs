namespace NmSparse.Kernels;

/// <summary>
/// Raw pointers and sizes of one product y = x·Wᵀ + bias, shared by every thread. x rows are padded with zeros
/// (stride <see cref="XStride"/> ≥ columns + 32) so a kernel may read a 32-float window at any group's
/// <see cref="WindowStart"/>. The input axis is processed in tiles of groups; <see cref="Sums"/> carries the sums
/// from tile to tile.
/// </summary>
internal readonly unsafe struct KernelArgs
{
    public byte* Values { get; init; }
    public byte* Positions { get; init; }
    public float* X { get; init; }
    public int XStride { get; init; }

    /// <summary>
    /// Sums [batch, blocks · lanes] (64-byte aligned rows): a kernel adds each tile's products to them with whole
    /// vector loads and stores; the caller adds the bias and copies the existing rows to y.
    /// </summary>
    public float* Sums { get; init; }

    public int SumsStride { get; init; }
    public int Batch { get; init; }
    public int Groups { get; init; }
    public int N { get; init; }
    public int M { get; init; }
    public int Lanes { get; init; }

    /// <summary>The layout's window alignment (see <see cref="LaneLayout.WindowAlign"/>).</summary>
    public int WindowAlign { get; init; }

    /// <summary>Where the sums of <paramref name="block"/> for x row <paramref name="row"/> start.</summary>
    public float* SumsAt(int block, int row) => Sums + (long)row * SumsStride + (long)block * Lanes;

    /// <summary>Values, positions, groups · N · lanes entries, of one block.</summary>
    public int BlockEntries => Groups * N * Lanes;

    /// <summary>Where group <paramref name="group"/>'s x window starts; stored positions are relative to it.</summary>
    public int WindowStart(int group) => LaneLayout.WindowStart(group * M, WindowAlign);
}
