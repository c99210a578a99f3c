namespace NmSparse.Translation.Data;

/// <summary>
/// German gettext catalogs (<c>de/LC_MESSAGES/*.mo</c>) of installed and downloaded packages as a corpus source;
/// each catalog is one group, used for training only.
/// </summary>
public static class GettextSource
{
    /// <summary>Source name in counts and the manifest.</summary>
    public const string Name = "gettext";

    /// <summary>Where installed packages keep their German catalogs.</summary>
    public const string InstalledCatalogs = "/usr/share/locale/de/LC_MESSAGES";

    /// <summary>
    /// Packages with large German catalogs, most pairs per downloaded byte first; the builder downloads them batch
    /// by batch until the training split is big enough.
    /// </summary>
    public static readonly IReadOnlyList<string> Packages =
    [
        "libreoffice-l10n-de", "gcc-12-locales", "util-linux-locales", "gramps", "gnumeric-common",
        "libgtk-3-common", "libgtk2.0-common", "gnucash-common", "vlc-l10n", "evolution-common", "pidgin-data",
        "gnome-control-center-data", "libglib2.0-data", "shotwell-common", "thunar-data", "nautilus-data",
        "anjuta-common", "rhythmbox-data", "gnome-software-common", "gedit-common",
    ];

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

    /// <summary>
    /// Adds the German catalogs of installed packages and returns those packages with their versions (from dpkg),
    /// so the manifest records what the machine contributed.
    /// </summary>
    public static IReadOnlyList<DebianPackage> CollectInstalled(CandidatePool pool)
    {
        if (!Directory.Exists(InstalledCatalogs))
        {
            return [];
        }
        var catalogs = Directory.GetFiles(InstalledCatalogs, "*.mo").Order(StringComparer.Ordinal).ToList();
        foreach (var catalog in catalogs)
        {
            AddCatalog(pool, catalog, $"{Name}:installed/{Path.GetFileName(catalog)}");
        }
        return catalogs.Count == 0 ? [] : InstalledOwners();
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

    private static IReadOnlyList<DebianPackage> InstalledOwners()
    {
        string owners;
        try
        {
            owners = ProcessRunner.Run("dpkg-query", ["-S", $"{InstalledCatalogs}/*.mo"]);
        }
        catch (UserInputException)
        {
            return [];
        }
        var names = owners.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => line[..line.IndexOf(": ", StringComparison.Ordinal)].Split(", "))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var versions = ProcessRunner.Run("dpkg-query", ["-W", "-f", "${Package}\t${Version}\n", .. names]);
        return versions.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t'))
            .Select(f => new DebianPackage(f[0], f[1], "/")).ToList();
    }
}
