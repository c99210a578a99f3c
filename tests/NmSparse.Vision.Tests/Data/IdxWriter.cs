using System.Buffers.Binary;
using System.IO.Compression;

namespace NmSparse.Vision.Tests.Data;

/// <summary>Writes hand-made IDX files (gzip-compressed unless told otherwise) for the reader's tests.</summary>
internal static class IdxWriter
{
    /// <summary>The uncompressed bytes: magic, one big-endian size per dimension, then the data.</summary>
    public static byte[] Raw(int magic, int[] sizes, byte[] data)
    {
        var bytes = new byte[4 + 4 * sizes.Length + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < sizes.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), sizes[d]);
        data.CopyTo(bytes, 4 + 4 * sizes.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(raw);
        return buffer.ToArray();
    }

    public static void Write(string path, int magic, int[] sizes, byte[] data) =>
        File.WriteAllBytes(path, Gzip(Raw(magic, sizes, data)));
}
