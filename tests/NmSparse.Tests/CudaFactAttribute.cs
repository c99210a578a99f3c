using static TorchSharp.torch;

namespace NmSparse.Tests;

/// <summary>
/// A fact that needs a CUDA device: without one (or without a CUDA libtorch, the default CPU build) xunit reports it
/// skipped, never passed.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!CudaAvailable()) Skip = "no CUDA device (build with -p:TorchBackend=cuda on a machine with a GPU)";
    }

    private static bool CudaAvailable()
    {
        try
        {
            return cuda.is_available();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            return false;
        }
    }
}
