using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NmSparse.Kernels;

/// <summary>
/// How the AVX-512 kernel stores the 16 positions of one entry (see <see cref="LaneLayout"/>), and how it decodes
/// them into VPERMPS/VPERMT2PS control. The JIT compiles one loop per format.
/// </summary>
internal unsafe interface IPositionLanes
{
    /// <summary>Bytes per entry of 16 positions.</summary>
    static abstract int Bytes { get; }

    /// <summary>
    /// The 16 lanes' control: window-relative positions. <paramref name="offset"/> is the group's start inside its
    /// window (added by formats that store group-relative positions), <paramref name="shifts"/> and
    /// <paramref name="mask"/> select bit fields of the packed formats.
    /// </summary>
    static abstract Vector512<int> Decode(byte* p, Vector512<int> offset, Vector512<int> shifts,
        Vector512<int> mask);
}

/// <summary>One byte per lane, window-relative (any M ≤ 32).</summary>
internal readonly unsafe struct BytePositions : IPositionLanes
{
    public static int Bytes => 16;

    public static Vector512<int> Decode(byte* p, Vector512<int> offset, Vector512<int> shifts, Vector512<int> mask) =>
        Avx512F.ConvertToVector512Int32(Vector128.Load(p));
}

/// <summary>
/// Four bits per lane, window-relative (M = 8 or 16 with 16-float windows): byte i holds lane i in its low nibble
/// and lane i + 8 in its high one. VPERMPS reads only the low four bits of each control lane, so after widening the
/// bytes and the bytes shifted right by four, the bits above need no masking.
/// </summary>
internal readonly unsafe struct NibblePositions : IPositionLanes
{
    public static int Bytes => 8;

    public static Vector512<int> Decode(byte* p, Vector512<int> offset, Vector512<int> shifts, Vector512<int> mask)
    {
        Vector128<ulong> low = Vector128.CreateScalarUnsafe(*(ulong*)p);
        Vector128<ulong> both = Sse2.UnpackLow(low, Sse2.ShiftRightLogical(low, 4));
        return Avx512F.ConvertToVector512Int32(both.AsByte());
    }
}

/// <summary>
/// ⌈log2 M⌉ bits per lane in one 32-bit word, group-relative (M = 2 or 4 with 16-float windows): lane i is bits
/// [i·b, i·b + b); decoding shifts each lane's copy of the word, masks it and adds the group's offset.
/// </summary>
internal readonly unsafe struct PackedPositions : IPositionLanes
{
    public static int Bytes => 4;

    public static Vector512<int> Decode(byte* p, Vector512<int> offset, Vector512<int> shifts, Vector512<int> mask) =>
        Avx512F.Add(Avx512F.And(Avx512F.ShiftRightLogicalVariable(Vector512.Create(*(int*)p), shifts.AsUInt32()),
            mask), offset);
}
