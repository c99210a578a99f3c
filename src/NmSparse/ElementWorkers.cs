using static TorchSharp.torch;

namespace NmSparse;

/// <summary>
/// How many threads an element-wise CPU pass of the core library (mask selection, the bfloat16 masked-weight
/// kernels) splits its elements over: one per 65,536 elements, at most libtorch's thread count, at least one.
/// </summary>
internal static class ElementWorkers
{
    /// <summary>Below this many elements per worker a thread is not worth starting.</summary>
    private const long MinElementsPerWorker = 1 << 16;

    /// <summary>The worker count for a pass over <paramref name="elements"/> elements.</summary>
    public static int For(long elements) =>
        (int)Math.Clamp(elements / MinElementsPerWorker, 1, Math.Max(1, get_num_threads()));
}
