using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// Loads kept values of one storage type as float32 lanes. The kernels are generic over it so the JIT compiles one
/// specialised loop per type (no branch per load).
/// </summary>
internal unsafe interface IValueLanes
{
    /// <summary>Bytes per stored value.</summary>
    static abstract int Size { get; }

    static abstract Vector512<float> Load16(byte* p);
    static abstract Vector256<float> Load8(byte* p);
    static abstract Vector<float> LoadVector(byte* p);

    /// <summary>One stored value as a float32.</summary>
    static abstract float LoadScalar(byte* p);
}

/// <summary>float32 values: plain loads.</summary>
internal readonly unsafe struct Float32Lanes : IValueLanes
{
    public static int Size => sizeof(float);
    public static Vector512<float> Load16(byte* p) => Vector512.Load((float*)p);
    public static Vector256<float> Load8(byte* p) => Vector256.Load((float*)p);
    public static Vector<float> LoadVector(byte* p) => Vector.Load((float*)p);
    public static float LoadScalar(byte* p) => *(float*)p;
}

/// <summary>bfloat16 values: zero-extended to 32 bits and shifted left 16, which is exact.</summary>
internal readonly unsafe struct BFloat16Lanes : IValueLanes
{
    public static int Size => sizeof(ushort);

    public static Vector512<float> Load16(byte* p) =>
        Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512UInt32(Vector256.Load((ushort*)p)), 16).AsSingle();

    public static Vector256<float> Load8(byte* p) =>
        Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(Vector128.Load((ushort*)p)), 16).AsSingle();

    public static float LoadScalar(byte* p) => BFloat16Bits.ToSingle(*(ushort*)p);

    public static Vector<float> LoadVector(byte* p)
    {
        Span<float> lanes = stackalloc float[Vector<float>.Count];
        for (int i = 0; i < lanes.Length; i++) lanes[i] = BFloat16Bits.ToSingle(((ushort*)p)[i]);
        return new Vector<float>(lanes);
    }
}
