namespace NmSparse.Kernels;

/// <summary>How many rows of x one pass of a kernel handles (a JIT-time constant).</summary>
internal interface IRowCount
{
    static abstract int Count { get; }
}

internal readonly struct OneRow : IRowCount
{
    public static int Count => 1;
}

internal readonly struct FourRows : IRowCount
{
    public static int Count => 4;
}

internal readonly struct EightRows : IRowCount
{
    public static int Count => 8;
}

/// <summary>Whether a kernel's x window is one register (positions below 16) or two (below 32).</summary>
internal interface IWindow
{
    static abstract bool TwoRegisters { get; }
}

internal readonly struct OneRegister : IWindow
{
    public static bool TwoRegisters => false;
}

internal readonly struct TwoRegisters : IWindow
{
    static bool IWindow.TwoRegisters => true;
}

/// <summary>Vectors of 16 x rows per slab of a <see cref="BatchRowsKernel"/> product (a JIT-time constant).</summary>
internal interface IVectorCount
{
    static abstract int Count { get; }
}

internal readonly struct TwoVectors : IVectorCount
{
    public static int Count => 2;
}

internal readonly struct FourVectors : IVectorCount
{
    public static int Count => 4;
}
