using System.Security.Cryptography;
using System.Text;

namespace NmSparse.Translation.IO;

/// <summary>
/// Writes whole files through a temporary sibling that is flushed to disk and renamed over the target, so readers
/// (and a crash, even kill -9) see either the old content or the new, never half a file.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        string temporary = TemporaryPath(path);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without BOM.</summary>
    public static void WriteText(string path, string text) => WriteAllBytes(path, Utf8.GetBytes(text));

    /// <summary>Writes <paramref name="lines"/>, each followed by "\n", as UTF-8 without BOM.</summary>
    public static void WriteLines(string path, IEnumerable<string> lines)
    {
        string temporary = TemporaryPath(path);
        using (var writer = new StreamWriter(temporary, append: false, Utf8))
        {
            writer.NewLine = "\n";
            foreach (var line in lines) writer.WriteLine(line);
            writer.Flush();
            ((FileStream)writer.BaseStream).Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> unless the file already holds exactly that text.</summary>
    public static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path, Utf8) != text) WriteText(path, text);
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string TemporaryPath(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return $"{full}.{Environment.ProcessId}.nmsparse-tmp";
    }
}
