using static TorchSharp.torch;

namespace NmSparse.Export;

/// <summary>The one-byte dtype codes of the model file (docs/format.md) and their element sizes.</summary>
internal static class DTypeCodes
{
    private static readonly (ScalarType Type, byte Code, int Size)[] Table =
    {
        (ScalarType.Float32, 1, 4), (ScalarType.BFloat16, 2, 2), (ScalarType.Float16, 3, 2),
        (ScalarType.Float64, 4, 8), (ScalarType.Int64, 5, 8), (ScalarType.Int32, 6, 4),
        (ScalarType.Int16, 7, 2), (ScalarType.Int8, 8, 1), (ScalarType.Byte, 9, 1), (ScalarType.Bool, 10, 1),
    };

    public static bool TryCode(ScalarType type, out byte code)
    {
        foreach (var row in Table)
        {
            if (row.Type != type) continue;
            code = row.Code;
            return true;
        }
        code = 0;
        return false;
    }

    public static bool TryType(byte code, out ScalarType type, out int size)
    {
        foreach (var row in Table)
        {
            if (row.Code != code) continue;
            (type, size) = (row.Type, row.Size);
            return true;
        }
        (type, size) = (default, 0);
        return false;
    }
}
