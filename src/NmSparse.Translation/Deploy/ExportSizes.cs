namespace NmSparse.Translation.Deploy;

/// <summary>
/// Sizes of an exported model: the whole file, the sparsified layers' weight data as stored against the same
/// weights dense in float32, and every model tensor dense in float32.
/// </summary>
public sealed record ExportSizes(long FileBytes, long SparseLayerBytes, long SparseLayerDenseBytes,
    long DenseFp32Bytes)
{
    /// <summary>Stored over dense float32 bytes of the sparsified layers (0 when there are none).</summary>
    public double SparseLayerRatio => SparseLayerDenseBytes == 0 ? 0 : (double)SparseLayerBytes / SparseLayerDenseBytes;

    /// <summary>File bytes over the dense float32 bytes of every model tensor.</summary>
    public double FileRatio => DenseFp32Bytes == 0 ? 0 : (double)FileBytes / DenseFp32Bytes;
}
