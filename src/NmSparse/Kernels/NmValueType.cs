namespace NmSparse.Kernels;

/// <summary>How the kept values of an <see cref="NmCompressedMatrix"/> are stored.</summary>
public enum NmValueType
{
    /// <summary>IEEE float32, 4 bytes per value.</summary>
    Float32,

    /// <summary>bfloat16 (the upper 16 bits of a float32, rounded to nearest even), 2 bytes per value.</summary>
    BFloat16,
}
