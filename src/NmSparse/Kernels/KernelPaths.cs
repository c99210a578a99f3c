using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>Which <see cref="KernelPath"/>s this CPU runs, and the one chosen by default.</summary>
public static class KernelPaths
{
    /// <summary>True when the CPU (and runtime) support the instructions of <paramref name="path"/>.</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Avx512 => Avx512F.IsSupported,
        KernelPath.Avx2 => Avx2.IsSupported && Fma.IsSupported,
        KernelPath.Portable => true,
        _ => false,
    };

    /// <summary>The fastest supported path: AVX-512, else AVX2, else portable.</summary>
    public static KernelPath Best =>
        IsSupported(KernelPath.Avx512) ? KernelPath.Avx512
        : IsSupported(KernelPath.Avx2) ? KernelPath.Avx2
        : KernelPath.Portable;
}
