using System.Security.Cryptography;
using System.Text;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Training;

/// <summary>
/// One checkpoint on disk: a JSON header plus named binary sections (model state, optimizer state), followed by
/// a SHA-256 of everything before it. Written to a temporary file, flushed to disk and renamed over the target,
/// so a crash (even kill -9) leaves either the old checkpoint or the new one, never a torn file.
/// </summary>
public static class CheckpointFile
{
    private static readonly byte[] Magic = "NMSPCKP1"u8.ToArray();

    public static void Write(string path, string headerJson, IReadOnlyDictionary<string, byte[]> sections)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(headerJson);
            writer.Write(sections.Count);
            foreach (var (name, bytes) in sections)
            {
                writer.Write(name);
                writer.Write(bytes.LongLength);
                writer.Write(bytes);
            }
        }
        byte[] hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        body.Write(hash);
        AtomicFile.WriteAllBytes(path, body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    /// <summary>
    /// The header of a checkpoint, read without its sections and unverified (a quick look, e.g. at the step a run
    /// resumes from; <see cref="Read"/> verifies it when the run loads it).
    /// </summary>
    public static string PeekHeader(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: checkpoint not found");
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
                throw new UserInputException($"{path}: not an NmSparse checkpoint");
            return reader.ReadString();
        }
        catch (EndOfStreamException)
        {
            throw new UserInputException($"{path}: not an NmSparse checkpoint");
        }
    }

    /// <summary>Reads and verifies a checkpoint; a damaged file gives a one-line error naming it.</summary>
    public static (string HeaderJson, Dictionary<string, byte[]> Sections) Read(string path)
    {
        if (!File.Exists(path)) throw new UserInputException($"{path}: checkpoint not found");
        byte[] all = File.ReadAllBytes(path);
        if (all.Length < Magic.Length + 32 || !all.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new UserInputException($"{path}: not an NmSparse checkpoint");
        var expected = all.AsSpan(all.Length - 32);
        var actual = SHA256.HashData(all.AsSpan(0, all.Length - 32));
        if (!expected.SequenceEqual(actual))
            throw new UserInputException(
                $"{path}: checkpoint is damaged (SHA-256 mismatch); delete it or restore a copy");
        using var reader = new BinaryReader(new MemoryStream(all, 0, all.Length - 32), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        string header = reader.ReadString();
        int count = reader.ReadInt32();
        var sections = new Dictionary<string, byte[]>();
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadString();
            long length = reader.ReadInt64();
            sections[name] = reader.ReadBytes(checked((int)length));
        }
        return (header, sections);
    }
}
