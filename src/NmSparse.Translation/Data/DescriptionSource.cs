namespace NmSparse.Translation.Data;

/// <summary>
/// Debian package descriptions and their German translations (DDTP), read from the private apt lists: English and
/// German stanzas are paired by <c>Description-md5</c>; the group is the source package.
/// </summary>
public static class DescriptionSource
{
    /// <summary>Source name in counts and the manifest.</summary>
    public const string Name = "ddtp";

    /// <summary>Release path of the index that maps binary packages to their source package.</summary>
    public const string PackagesIndex = "main/binary-amd64/Packages";

    /// <summary>Release path of the English descriptions.</summary>
    public const string EnglishIndex = "main/i18n/Translation-en";

    /// <summary>Release path of the German descriptions.</summary>
    public const string GermanIndex = "main/i18n/Translation-de";

    /// <summary>Adds every description's sentence pairs; all are eligible for valid/test.</summary>
    public static void Collect(CandidatePool pool, DebianArchive archive)
    {
        var sourceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stanza in Deb822Reader.ReadStanzas(new StringReader(archive.ReadIndex(PackagesIndex))))
        {
            if (stanza.TryGetValue("Package", out var package))
            {
                sourceOf[package] = stanza.TryGetValue("Source", out var source) ? source.Split(' ')[0] : package;
            }
        }
        var english = ReadDescriptions(archive, EnglishIndex, "en");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stanza in Deb822Reader.ReadStanzas(new StringReader(archive.ReadIndex(GermanIndex))))
        {
            if (!stanza.TryGetValue("Description-md5", out var md5) || !seen.Add(md5)
                || !english.TryGetValue(md5, out var en) || !stanza.TryGetValue("Description-de", out var de))
            {
                continue;
            }
            var package = stanza.GetValueOrDefault("Package", md5);
            var group = $"{Name}:{sourceOf.GetValueOrDefault(package, package)}";
            foreach (var pair in PackageDescription.Pair(en, de))
            {
                pool.Add(pair, Name, group, heldOutEligible: true);
            }
        }
    }

    private static Dictionary<string, string> ReadDescriptions(DebianArchive archive, string index, string language)
    {
        var descriptions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stanza in Deb822Reader.ReadStanzas(new StringReader(archive.ReadIndex(index))))
        {
            if (stanza.TryGetValue("Description-md5", out var md5)
                && stanza.TryGetValue($"Description-{language}", out var text))
            {
                descriptions.TryAdd(md5, text);
            }
        }
        return descriptions;
    }
}
