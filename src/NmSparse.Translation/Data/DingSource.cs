namespace NmSparse.Translation.Data;

/// <summary>The Ding dictionary (<c>trans-de-en</c>) as a corpus source; each dictionary line is one group.</summary>
public static class DingSource
{
    /// <summary>Source name in counts and the manifest.</summary>
    public const string Name = "ding";

    /// <summary>The Debian package that ships the dictionary.</summary>
    public const string Package = "trans-de-en";

    /// <summary>Adds the dictionary's pairs; full sentences (both sides) are eligible for valid/test.</summary>
    public static void Collect(CandidatePool pool, DebianPackage package)
    {
        var path = Path.Combine(package.Root, "usr/share/trans/de-en");
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            foreach (var pair in DingParser.ParseLine(line))
            {
                var sentence = TextNormalizer.IsSentence(pair.En) && TextNormalizer.IsSentence(pair.De);
                pool.Add(pair, Name, $"{Name}:{lineNumber}", sentence);
            }
        }
    }
}
