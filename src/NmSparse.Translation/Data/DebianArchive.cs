using NmSparse.Translation.IO;

namespace NmSparse.Translation.Data;

/// <summary>
/// A private view of Debian's archive kept in a cache directory: its own apt configuration, package lists and
/// downloads (with German and English translation indexes), so nothing is installed and the system's apt state is
/// never touched. Packages are fetched with <c>apt-get download</c> and unpacked with <c>dpkg-deb -x</c>;
/// everything already in the cache is reused.
/// </summary>
public sealed class DebianArchive
{
    /// <summary>The suite the corpus is built from.</summary>
    public const string Suite = "bookworm";

    private const string Mirror = "http://deb.debian.org/debian";
    private const string Keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
    private readonly string _aptDir;
    private readonly string _debDir;
    private readonly string _extractDir;
    private readonly Action<string> _log;
    private bool _indexesFresh;

    /// <summary>Uses (and creates) <paramref name="cacheDirectory"/>; progress lines go to <paramref name="log"/>.</summary>
    public DebianArchive(string cacheDirectory, Action<string> log)
    {
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        _aptDir = Path.Combine(CacheDirectory, "apt");
        _debDir = Path.Combine(CacheDirectory, "debs");
        _extractDir = Path.Combine(CacheDirectory, "extracted");
        _log = log;
    }

    /// <summary>The cache directory (absolute).</summary>
    public string CacheDirectory { get; }

    private string ConfigPath => Path.Combine(_aptDir, "apt.conf");

    private string ListsDir => Path.Combine(_aptDir, "lists");

    /// <summary>Writes the private apt configuration and runs <c>apt-get update</c> unless the lists are cached.</summary>
    public void EnsureIndexes()
    {
        WriteConfiguration();
        if (FindIndexes("_i18n_Translation-de").Count > 0 && FindIndexes("_binary-amd64_Packages").Count > 0)
        {
            return;
        }
        Update();
    }

    /// <summary>Cached index files whose name contains <paramref name="marker"/> (e.g. <c>_i18n_Translation-en</c>).</summary>
    public IReadOnlyList<string> FindIndexes(string marker) =>
        Directory.Exists(ListsDir)
            ? Directory.GetFiles(ListsDir).Where(f => Path.GetFileName(f).Contains(marker, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The decompressed text of a cached index file (via <c>apt-helper cat-file</c>).</summary>
    public string ReadIndex(string path) => ProcessRunner.Run("/usr/lib/apt/apt-helper", ["cat-file", path]);

    /// <summary>Downloads (if not cached) and unpacks the named packages, in the order given.</summary>
    public IReadOnlyList<DebianPackage> Fetch(IReadOnlyList<string> names)
    {
        Directory.CreateDirectory(_debDir);
        var missing = names.Where(n => FindDeb(n) is null).ToList();
        if (missing.Count > 0)
        {
            _log($"  downloading {missing.Count} package(s): {string.Join(' ', missing)}");
            try
            {
                Download(missing);
            }
            catch (UserInputException) when (!_indexesFresh)
            {
                Update();
                Download(missing);
            }
        }
        return names.Select(Unpack).ToList();
    }

    private void Download(IReadOnlyList<string> names) =>
        ProcessRunner.Run("apt-get", ["-c", ConfigPath, "-q", "-o", "APT::Sandbox::User=root", "download", .. names],
            _debDir);

    private void Update()
    {
        WriteConfiguration();
        _log($"  apt-get update ({Suite} main, Packages + Translation-en/-de) into {_aptDir}");
        ProcessRunner.Run("apt-get", ["-c", ConfigPath, "-q", "update"]);
        _indexesFresh = true;
    }

    private DebianPackage Unpack(string name)
    {
        var deb = FindDeb(name) ?? throw new UserInputException($"package '{name}' was not downloaded into {_debDir}");
        var parts = Path.GetFileNameWithoutExtension(deb).Split('_');
        var version = Uri.UnescapeDataString(parts[1]);
        var root = Path.Combine(_extractDir, $"{name}_{parts[1]}");
        if (!Directory.Exists(root))
        {
            var temporary = root + ".partial";
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
            Directory.CreateDirectory(temporary);
            ProcessRunner.Run("dpkg-deb", ["-x", deb, temporary]);
            Directory.Move(temporary, root);
        }
        return new DebianPackage(name, version, root);
    }

    private string? FindDeb(string name) =>
        Directory.Exists(_debDir)
            ? Directory.GetFiles(_debDir, $"{name}_*.deb").OrderByDescending(File.GetLastWriteTimeUtc)
                .FirstOrDefault(f => Path.GetFileName(f).Split('_')[0] == name)
            : null;

    private void WriteConfiguration()
    {
        foreach (var dir in new[] { "lists/partial", "archives/partial", "sources.list.d", "preferences.d" })
        {
            Directory.CreateDirectory(Path.Combine(_aptDir, dir));
        }
        var status = Path.Combine(_aptDir, "status");
        if (!File.Exists(status))
        {
            File.WriteAllText(status, "");
        }
        AtomicFile.WriteIfChanged(Path.Combine(_aptDir, "sources.list"),
            $"deb [signed-by={Keyring}] {Mirror} {Suite} main\n");
        AtomicFile.WriteIfChanged(ConfigPath, string.Join('\n',
            $"Dir::State::Lists \"{ListsDir}\";",
            $"Dir::State::status \"{status}\";",
            $"Dir::Cache \"{_aptDir}\";",
            $"Dir::Cache::archives \"{Path.Combine(_aptDir, "archives")}\";",
            $"Dir::Etc::SourceList \"{Path.Combine(_aptDir, "sources.list")}\";",
            $"Dir::Etc::SourceParts \"{Path.Combine(_aptDir, "sources.list.d")}\";",
            $"Dir::Etc::PreferencesParts \"{Path.Combine(_aptDir, "preferences.d")}\";",
            "#clear Acquire::Languages;",
            "Acquire::Languages { \"en\"; \"de\"; };",
            "APT::Architectures { \"amd64\"; };",
            "APT::Sandbox::User \"root\";",
            ""));
    }
}
