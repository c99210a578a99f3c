namespace NmSparse.Translation.Data;

/// <summary>LibreOffice's English and German help pages as a corpus source; each page is one group.</summary>
public static class HelpSource
{
    /// <summary>Source name in counts and the manifest.</summary>
    public const string Name = "libreoffice-help";

    /// <summary>The Debian packages that ship the two help trees (English first).</summary>
    public static readonly IReadOnlyList<string> Packages = ["libreoffice-help-en-us", "libreoffice-help-de"];

    /// <summary>Adds the pairs of every page present in both languages (training only).</summary>
    public static void Collect(CandidatePool pool, DebianPackage english, DebianPackage german)
    {
        var englishRoot = Path.Combine(english.Root, "usr/share/libreoffice/help/en-US");
        var germanRoot = Path.Combine(german.Root, "usr/share/libreoffice/help/de");
        var pages = Directory.GetFiles(englishRoot, "*.html", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(englishRoot, p)).Order(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            var germanPage = Path.Combine(germanRoot, page);
            if (!File.Exists(germanPage))
            {
                continue;
            }
            var pairs = LibreOfficeHelpParser.Pair(File.ReadAllText(Path.Combine(englishRoot, page)),
                File.ReadAllText(germanPage));
            foreach (var pair in pairs)
            {
                pool.Add(pair, Name, $"{Name}:{page}", heldOutEligible: false);
            }
        }
    }
}
