using NmSparse.Kernels;

namespace NmSparse.Tests.Kernels;

/// <summary>
/// A fact for one kernel instruction-set path: on a CPU without it xunit reports the test skipped, never passed.
/// </summary>
public sealed class KernelPathFactAttribute : FactAttribute
{
    public KernelPathFactAttribute(KernelPath path)
    {
        if (!KernelPaths.IsSupported(path)) Skip = $"this CPU does not support the {path} kernel path";
    }
}
