namespace NmSparse.Kernels;

/// <summary>An instruction-set path of the N:M product kernel (see <see cref="KernelPaths"/>).</summary>
public enum KernelPath
{
    /// <summary>AVX-512F: 16 output rows per vector, kept inputs picked by a permute (VPERMPS/VPERMT2PS).</summary>
    Avx512,

    /// <summary>AVX2: 8 output rows per vector, a permute (VPERMPS) for M ≤ 8 and a gather above.</summary>
    Avx2,

    /// <summary>Portable <see cref="System.Numerics.Vector{T}"/> code for any CPU.</summary>
    Portable,
}
