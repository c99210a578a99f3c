using System.Text;

namespace NmSparse.Translation.Data;

/// <summary>Reads the line-aligned split files that <c>nmsparse data</c> writes.</summary>
public static class ParallelCorpus
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The pairs of <paramref name="split"/> (train, valid or test) in <paramref name="dir"/>.</summary>
    /// <exception cref="UserInputException">A file is missing, not UTF-8, or the two sides differ in length.</exception>
    public static IReadOnlyList<SentencePair> Read(string dir, string split)
    {
        var paths = new CorpusPaths(dir);
        if (!File.Exists(paths.English(split)) || !File.Exists(paths.German(split)))
        {
            throw new UserInputException($"{paths.English(split)}: split file missing (run 'nmsparse data' first?)");
        }
        var english = ReadLines(paths.English(split));
        var german = ReadLines(paths.German(split));
        if (english.Count != german.Count)
        {
            throw new UserInputException(
                $"{paths.English(split)}: {english.Count} lines but {paths.German(split)} has {german.Count}");
        }
        return english.Zip(german, (en, de) => new SentencePair(en, de)).ToList();
    }

    /// <summary>All lines of a UTF-8 file; invalid UTF-8 is a <see cref="UserInputException"/> naming file and line.</summary>
    public static IReadOnlyList<string> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"{path}: file not found");
        }
        var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
        var bytes = File.ReadAllBytes(path);
        var lines = new List<string>();
        var start = bytes.AsSpan().StartsWith(Bom) ? Bom.Length : 0;
        while (start < bytes.Length)
        {
            var length = bytes.AsSpan(start).IndexOf((byte)'\n');
            var end = length < 0 ? bytes.Length : start + length;
            var content = bytes.AsSpan(start, end - start).TrimEnd((byte)'\r');
            try
            {
                lines.Add(strict.GetString(content));
            }
            catch (DecoderFallbackException e)
            {
                throw new UserInputException($"{path}:{lines.Count + 1}: invalid UTF-8", e);
            }
            start = end + 1;
        }
        return lines;
    }
}
