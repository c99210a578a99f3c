namespace NmSparse.Kernels;

/// <summary>
/// The calling thread's working memory for one <see cref="NmSparseLinear"/> product (padded x rows and sums), kept
/// between calls so a product allocates nothing: a pinned float array that only grows, handed out 64-byte aligned.
/// </summary>
internal static unsafe class KernelScratch
{
    private const int AlignFloats = 16;

    [ThreadStatic] private static float[]? _buffer;

    /// <summary>
    /// At least <paramref name="floats"/> 64-byte aligned floats (contents undefined), valid until the calling
    /// thread's next call. The array is pinned, so the pointer stays valid while it is referenced here.
    /// </summary>
    public static float* Get(long floats)
    {
        long needed = floats + AlignFloats;
        if (_buffer is null || _buffer.LongLength < needed)
            _buffer = GC.AllocateUninitializedArray<float>(checked((int)Math.Max(needed, 4096)), pinned: true);
        fixed (float* start = _buffer)
        {
            long offset = (AlignFloats - (long)start / sizeof(float) % AlignFloats) % AlignFloats;
            return start + offset;
        }
    }
}
