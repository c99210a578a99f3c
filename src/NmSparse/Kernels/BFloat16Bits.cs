namespace NmSparse.Kernels;

/// <summary>bfloat16 conversions: a bfloat16 is the upper half of a float32's bits.</summary>
internal static class BFloat16Bits
{
    /// <summary>Rounds to the nearest bfloat16, ties to even (as libtorch does); a NaN stays a quiet NaN.</summary>
    public static ushort FromSingle(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value)) return (ushort)((bits >> 16) | 0x0040);
        uint rounded = bits + 0x7FFFu + ((bits >> 16) & 1u);
        return (ushort)(rounded >> 16);
    }

    /// <summary>Exact: shifts the 16 bits into the top of a float32.</summary>
    public static float ToSingle(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    /// <summary>The float32 nearest to <paramref name="value"/> that a bfloat16 holds exactly.</summary>
    public static float Round(float value) => ToSingle(FromSingle(value));
}
