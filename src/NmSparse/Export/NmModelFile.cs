using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NmSparse.Export;

/// <summary>
/// The compressed model file ("NMSP", version 1; byte layout in docs/format.md): a header, one record per
/// <see cref="StoredTensor"/> and a SHA-256 of everything before it. Reading validates the whole file — magic,
/// version, length, checksum, every record and every N:M group — before it returns anything, and fails with a
/// one-line <see cref="UserInputException"/> naming the source and tensor. Files are limited to 2 GB.
/// </summary>
public static class NmModelFile
{
    public const int Version = 1;
    private const int HeaderSize = 20;
    private const int ChecksumSize = 32;
    private static readonly byte[] Magic = "NMSP"u8.ToArray();

    /// <summary>
    /// Writes the tensors to <paramref name="stream"/> (not atomic by itself; see <see cref="Save"/>). Throws
    /// <see cref="UserInputException"/> for an empty list or a duplicate name.
    /// </summary>
    public static void Write(Stream stream, IReadOnlyCollection<StoredTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(tensors);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (StoredTensor t in tensors)
            if (!names.Add(t.Name)) throw new UserInputException($"tensor '{t.Name}' appears twice");
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            foreach (StoredTensor t in tensors) TensorRecords.Write(writer, t);
        }
        var header = new byte[HeaderSize];
        Magic.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), (uint)tensors.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(12), (ulong)payload.Length);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(header);
        sha.AppendData(payload.GetBuffer(), 0, (int)payload.Length);
        stream.Write(header);
        stream.Write(payload.GetBuffer(), 0, (int)payload.Length);
        stream.Write(sha.GetHashAndReset());
    }

    /// <summary>Writes the file atomically: a temporary file in the same folder, renamed over the target.</summary>
    public static void Save(string path, IReadOnlyCollection<StoredTensor> tensors) =>
        AtomicFileWrite.Write(path, stream => Write(stream, tensors));

    /// <summary>Reads and validates a whole file; errors start with <paramref name="path"/>.</summary>
    public static IReadOnlyList<StoredTensor> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"{path}: cannot read ({e.Message})", e);
        }
        return Read(bytes, path);
    }

    /// <summary>Reads and validates a stream to its end; errors start with <paramref name="source"/>.</summary>
    public static IReadOnlyList<StoredTensor> Read(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Read(copy.ToArray(), source);
    }

    /// <summary>Validates and parses a whole file's bytes; errors start with <paramref name="source"/>.</summary>
    public static IReadOnlyList<StoredTensor> Read(ReadOnlySpan<byte> file, string source)
    {
        if (file.Length < HeaderSize + ChecksumSize)
            throw new UserInputException(
                $"{source}: file is truncated ({file.Length} bytes, a model file has at least " +
                $"{HeaderSize + ChecksumSize})");
        if (!file[..4].SequenceEqual(Magic))
            throw new UserInputException($"{source}: not an NmSparse model file (magic is not NMSP)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(file[4..]);
        if (version != Version)
            throw new UserInputException(
                $"{source}: format version {version} is not supported (this library reads version {Version})");
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(file[8..]);
        ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(file[12..]);
        ulong expected = HeaderSize + payloadLength + ChecksumSize;
        if (payloadLength > int.MaxValue || (ulong)file.Length < expected)
            throw new UserInputException(
                $"{source}: file is truncated ({file.Length} bytes, the header promises {expected})");
        if ((ulong)file.Length > expected)
            throw new UserInputException(
                $"{source}: {(ulong)file.Length - expected} unexpected bytes after the checksum");
        int body = HeaderSize + (int)payloadLength;
        if (!SHA256.HashData(file[..body]).AsSpan().SequenceEqual(file[body..]))
            throw new UserInputException($"{source}: checksum mismatch (the file is corrupt)");

        var cursor = new PayloadCursor(file[HeaderSize..body], source);
        var tensors = new List<StoredTensor>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            StoredTensor t = TensorRecords.Read(ref cursor, i);
            if (!names.Add(t.Name)) throw cursor.Error("appears twice");
            tensors.Add(t);
        }
        cursor.Context = "payload";
        if (cursor.Remaining != 0) throw cursor.Error($"{cursor.Remaining} bytes after the last tensor");
        return tensors;
    }
}
