using System.Security.Cryptography;
using System.Text;

namespace NmSparse.Data;

/// <summary>Writes files through a temporary sibling and a rename, so a reader never sees half a file.</summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="lines"/> (each followed by "\n", UTF-8 without BOM) atomically.</summary>
    public static void WriteLines(string path, IEnumerable<string> lines)
    {
        var temporary = TemporaryPath(path);
        using (var writer = new StreamWriter(temporary, append: false, Utf8))
        {
            writer.NewLine = "\n";
            foreach (var line in lines)
            {
                writer.WriteLine(line);
            }
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> atomically.</summary>
    public static void WriteText(string path, string text)
    {
        var temporary = TemporaryPath(path);
        File.WriteAllText(temporary, text, Utf8);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="text"/> atomically unless the file already holds exactly that text.</summary>
    public static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path, Utf8) != text)
        {
            WriteText(path, text);
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string TemporaryPath(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return $"{path}.{Environment.ProcessId}.nmsparse-tmp";
    }
}
