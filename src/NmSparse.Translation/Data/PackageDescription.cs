namespace NmSparse.Translation.Data;

/// <summary>
/// A Debian package description split into translatable blocks: the synopsis, then each paragraph of the long
/// description; list items and verbatim lines (two leading spaces) become blocks of their own.
/// </summary>
public static class PackageDescription
{
    /// <summary>The blocks of a <c>Description-xx</c> field value (synopsis first).</summary>
    public static IReadOnlyList<string> Blocks(string description)
    {
        var lines = description.Split('\n');
        var blocks = new List<string> { lines[0].Trim() };
        var current = new List<string>();
        var inBullet = false;
        foreach (var raw in lines.Skip(1))
        {
            var line = raw.Length > 0 && raw[0] == ' ' ? raw[1..] : raw;
            var trimmed = line.Trim();
            if (trimmed == ".")
            {
                Close(blocks, current);
                inBullet = false;
            }
            else if (IsBullet(trimmed))
            {
                Close(blocks, current);
                current.Add(trimmed[2..]);
                inBullet = true;
            }
            else if (line.StartsWith(' ') && !inBullet)
            {
                Close(blocks, current);
                current.Add(trimmed);
                Close(blocks, current);
            }
            else
            {
                current.Add(trimmed);
            }
        }
        Close(blocks, current);
        return blocks;
    }

    /// <summary>
    /// The sentence pairs of two translations of one description: blocks are paired by position when both have
    /// the same number of blocks (otherwise only the synopses are paired), then split into sentences when the
    /// sentence counts match.
    /// </summary>
    public static IEnumerable<SentencePair> Pair(string englishDescription, string germanDescription)
    {
        var en = Blocks(englishDescription);
        var de = Blocks(germanDescription);
        var count = en.Count == de.Count ? en.Count : 1;
        for (var i = 0; i < count; i++)
        {
            foreach (var pair in SentenceSplitter.Align(en[i], de[i]))
            {
                yield return pair;
            }
        }
    }

    private static bool IsBullet(string trimmed) =>
        trimmed.Length > 1 && trimmed[0] is '*' or '-' or '+' or '•' && trimmed[1] == ' ';

    private static void Close(List<string> blocks, List<string> current)
    {
        if (current.Count > 0)
        {
            blocks.Add(TextNormalizer.CleanWhitespace(string.Join(' ', current)));
            current.Clear();
        }
    }
}
