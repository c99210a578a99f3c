namespace NmSparse.Translation.Data;

/// <summary>
/// German gettext catalogs (<c>de/LC_MESSAGES/*.mo</c>) inside downloaded, unpacked packages as a corpus source
/// (never the host's installed catalogs: the corpus must not depend on what a machine has installed); each catalog
/// is one group, used for training only.
/// </summary>
public static class GettextSource
{
    /// <summary>Source name in counts and the manifest.</summary>
    public const string Name = "gettext";

    /// <summary>Adds every German catalog found anywhere inside an unpacked package.</summary>
    public static void Collect(CandidatePool pool, DebianPackage package)
    {
        var catalogs = Directory.GetFiles(package.Root, "*.mo", SearchOption.AllDirectories)
            .Where(IsGermanCatalog).Order(StringComparer.Ordinal);
        foreach (var catalog in catalogs)
        {
            AddCatalog(pool, catalog, $"{Name}:{package.Name}/{Path.GetFileName(catalog)}");
        }
    }

    private static void AddCatalog(CandidatePool pool, string path, string group)
    {
        IEnumerable<SentencePair> entries;
        try
        {
            entries = MoCatalogReader.Read(File.ReadAllBytes(path), path).ToList();
        }
        catch (InvalidDataException)
        {
            return;
        }
        foreach (var entry in entries)
        {
            if (GettextCleaner.Clean(entry) is { } pair)
            {
                pool.Add(pair, Name, group, heldOutEligible: false);
            }
        }
    }

    private static bool IsGermanCatalog(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        return Path.GetFileName(directory) == "LC_MESSAGES" && Path.GetFileName(Path.GetDirectoryName(directory)) == "de";
    }
}
