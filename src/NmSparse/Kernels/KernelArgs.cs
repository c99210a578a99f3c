namespace NmSparse.Kernels;

/// <summary>
/// Raw pointers and sizes of one product y = x·Wᵀ + bias, shared by every thread. x rows are padded with zeros
/// (stride <see cref="XStride"/> ≥ columns + 32) so a kernel may read a 32-float window at any group start.
/// </summary>
internal readonly unsafe struct KernelArgs
{
    public byte* Values { get; init; }
    public byte* Positions { get; init; }
    public float* X { get; init; }
    public int XStride { get; init; }
    public float* Y { get; init; }
    public float* Bias { get; init; }
    public int Batch { get; init; }
    public int Rows { get; init; }
    public int Groups { get; init; }
    public int N { get; init; }
    public int M { get; init; }
    public int Lanes { get; init; }

    /// <summary>Values, positions, groups · N · lanes entries, of one block.</summary>
    public int BlockEntries => Groups * N * Lanes;

    /// <summary>
    /// Adds bias and writes the <see cref="Lanes"/> outputs of <paramref name="block"/> for x row
    /// <paramref name="row"/>; the last block writes only the rows that exist.
    /// </summary>
    public void Store(ReadOnlySpan<float> sums, int block, int row)
    {
        int first = block * Lanes, count = Math.Min(Lanes, Rows - first);
        float* y = Y + (long)row * Rows + first;
        for (int lane = 0; lane < count; lane++) y[lane] = sums[lane] + Bias[first + lane];
    }
}
