using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NmSparse.Tests.Export;

/// <summary>
/// Writes model-file bytes by hand, following docs/format.md independently of the library's writer, so tests can
/// build files the writer never would (a wrong count, duplicate positions) with a valid checksum.
/// </summary>
internal static class FileBytes
{
    /// <summary>Header (magic, version, count, payload length) + payload + SHA-256 of both.</summary>
    public static byte[] File(byte[] payload, int count, uint version = 1)
    {
        var header = new byte[20];
        "NMSP"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)count);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(12), (ulong)payload.Length);
        byte[] body = header.Concat(payload).ToArray();
        return body.Concat(SHA256.HashData(body)).ToArray();
    }

    /// <summary>Recomputes the trailing checksum after a test edited the bytes.</summary>
    public static byte[] Resign(byte[] file)
    {
        byte[] body = file[..^32];
        return body.Concat(SHA256.HashData(body)).ToArray();
    }

    /// <summary>An N:M record for a 2-D float32 weight [rows, columns] grouped along the input axis.</summary>
    public static byte[] NmRecord(string name, long rows, long columns, int n, int m, float[] values, byte[] packed)
    {
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        w.Write((ushort)nameBytes.Length);
        w.Write(nameBytes);
        w.Write((byte)1); // kind: N:M
        w.Write((byte)1); // dtype: float32
        w.Write((byte)2); // rank
        w.Write(rows);
        w.Write(columns);
        w.Write((ushort)n);
        w.Write((ushort)m);
        w.Write((byte)0); // axis: input
        w.Write((ulong)(values.Length * 4));
        foreach (float v in values) w.Write(v);
        w.Write((ulong)packed.Length);
        w.Write(packed);
        w.Flush();
        return stream.ToArray();
    }
}
