namespace NmSparse.Kernels;

/// <summary>
/// Raw pointers and sizes of one slab (up to <see cref="BatchRowsKernel.MaxSlabRows"/> x rows) of a
/// <see cref="BatchRowsKernel"/> product, shared by every thread.
/// </summary>
internal readonly unsafe struct BatchRowsArgs
{
    public byte* Values { get; init; }
    public byte* Columns { get; init; }

    /// <summary>x of the slab transposed: [columns][<see cref="Width"/>], rows past the slab's end zero.</summary>
    public float* XT { get; init; }

    /// <summary>Sums [padded rows][<see cref="Width"/>]: a row's outputs for the slab's x rows, tile after tile.</summary>
    public float* Sums { get; init; }

    /// <summary>Floats per transposed x column and per sums row: 16 × the slab's vectors (2 or 4).</summary>
    public int Width { get; init; }

    public int EntriesPerRow { get; init; }

    /// <summary>Entries (and columns: <see cref="TileColumns"/>) of one whole input tile of a row.</summary>
    public int TileEntries { get; init; }

    public int TileColumns { get; init; }
    public int Tiles { get; init; }

    /// <summary>y of the slab's first x row, [slab rows, <see cref="OutFeatures"/>].</summary>
    public float* Y { get; init; }

    public float* Bias { get; init; }
    public int OutFeatures { get; init; }
    public int SlabRows { get; init; }
}
