using System.Security.Cryptography;
using System.Text;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Data;

/// <summary>
/// A private view of Debian's archive kept in a cache directory: its own apt configuration, package lists and
/// downloads (with German and English translation indexes), so nothing is installed and the system's apt state is
/// never touched. Packages are fetched at their pinned versions with <c>apt-get download NAME=VERSION</c> (falling
/// back to the version the archive serves, reported as drift) and unpacked with <c>dpkg-deb -x</c>; everything
/// already in the cache is reused. Only cached .deb files of the exact version asked for are used.
/// </summary>
public sealed class DebianArchive
{
    /// <summary>The suite the corpus is built from.</summary>
    public const string Suite = "bookworm";

    private const string Mirror = "http://deb.debian.org/debian";
    private const string Keyring = "/usr/share/keyrings/debian-archive-keyring.gpg";
    private static readonly string[] CompressionSuffixes = ["", ".lz4", ".gz", ".xz", ".bz2", ".zst"];
    private readonly string _aptDir;
    private readonly string _debDir;
    private readonly string _extractDir;
    private readonly Action<string> _log;
    private readonly bool _strict;
    private readonly List<string> _drift = [];
    private bool _indexesFresh;

    /// <summary>
    /// Uses (and creates) <paramref name="cacheDirectory"/>; progress lines and pin warnings go to
    /// <paramref name="log"/>. With <paramref name="strict"/>, a pin the archive no longer serves is an error.
    /// </summary>
    public DebianArchive(string cacheDirectory, Action<string> log, bool strict = false)
    {
        CacheDirectory = Path.GetFullPath(cacheDirectory);
        _aptDir = Path.Combine(CacheDirectory, "apt");
        _debDir = Path.Combine(CacheDirectory, "debs");
        _extractDir = Path.Combine(CacheDirectory, "extracted");
        _log = log;
        _strict = strict;
    }

    /// <summary>The cache directory (absolute).</summary>
    public string CacheDirectory { get; }

    /// <summary>One line per pin the archive did not serve (package version or index checksum), in order.</summary>
    public IReadOnlyList<string> Drift => _drift;

    private string ConfigPath => Path.Combine(_aptDir, "apt.conf");

    private string ListsDir => Path.Combine(_aptDir, "lists");

    /// <summary>Writes the private apt configuration and runs <c>apt-get update</c> unless the lists are cached.</summary>
    public void EnsureIndexes()
    {
        WriteConfiguration();
        if (FindList("InRelease") is not null && FindList(DescriptionSource.GermanIndex) is not null)
        {
            return;
        }
        Update();
    }

    /// <summary>
    /// The decompressed text of the cached index with this Release path (e.g. <c>main/i18n/Translation-de</c>), via
    /// <c>apt-helper cat-file</c>.
    /// </summary>
    /// <exception cref="UserInputException">The index is not in the cache.</exception>
    public string ReadIndex(string releasePath)
    {
        var list = FindList(releasePath)
            ?? throw new UserInputException($"{ListsDir}: no cached index {releasePath} (delete the cache to refetch)");
        return ProcessRunner.Run("/usr/lib/apt/apt-helper", ["cat-file", list]);
    }

    /// <summary>
    /// Compares the cached indexes with their pinned SHA-256 (a mismatch is drift) and returns the Release date
    /// and the SHA-256 of each pinned index as found.
    /// </summary>
    public ArchiveSnapshot CheckIndexes(IReadOnlyDictionary<string, string> pins)
    {
        var release = ReadIndex("InRelease");
        var date = release.Split('\n').FirstOrDefault(l => l.StartsWith("Date: ", StringComparison.Ordinal))?[6..];
        var found = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, pinned) in pins.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var served = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ReadIndex(path))));
            found[path] = served;
            if (served != pinned)
            {
                ReportDrift($"index {path}: pinned sha256 {pinned}, archive serves {served} (Release {date})");
            }
        }
        return new ArchiveSnapshot(date ?? "unknown", found);
    }

    /// <summary>
    /// Downloads (if not cached) and unpacks the pinned packages, in the order given. A pinned version the archive
    /// no longer has is replaced by the version it serves, which is reported as drift.
    /// </summary>
    public IReadOnlyList<DebianPackage> Fetch(IReadOnlyList<PinnedPackage> pins)
    {
        Directory.CreateDirectory(_debDir);
        var missing = pins.Where(p => FindDeb(p) is null).ToList();
        if (missing.Count > 0)
        {
            _log($"  downloading {missing.Count} package(s): {string.Join(' ', missing.Select(p => p.Name))}");
            if (!TryDownload(missing.Select(p => p.AptSpec)))
            {
                missing.ForEach(DownloadOne);
            }
        }
        return pins.Select(p => Unpack(FindDeb(p) ?? FindServed(p))).ToList();
    }

    private void DownloadOne(PinnedPackage pin)
    {
        if (TryDownload([pin.AptSpec]))
        {
            return;
        }
        Download([pin.Name]);
        ReportDrift($"package {pin.Name}: pinned {pin.Version}, archive serves {FindServed(pin).Version}");
    }

    private bool TryDownload(IEnumerable<string> specs)
    {
        try
        {
            Download(specs.ToList());
            return true;
        }
        catch (UserInputException) when (!_indexesFresh)
        {
            Update();
            return TryDownload(specs);
        }
        catch (UserInputException)
        {
            return false;
        }
    }

    private void Download(IReadOnlyList<string> specs) =>
        ProcessRunner.Run("apt-get", ["-c", ConfigPath, "-q", "-o", "APT::Sandbox::User=root", "download", .. specs],
            _debDir);

    private void ReportDrift(string message)
    {
        if (_strict)
        {
            throw new UserInputException($"{message}; --strict allows no difference from the pins in DebianPins");
        }
        if (!_drift.Contains(message))
        {
            _drift.Add(message);
            _log($"  warning: {message}");
        }
    }

    private void Update()
    {
        WriteConfiguration();
        _log($"  apt-get update ({Suite} main, Packages + Translation-en/-de) into {_aptDir}");
        ProcessRunner.Run("apt-get", ["-c", ConfigPath, "-q", "update"]);
        _indexesFresh = true;
    }

    private DebianPackage Unpack(CachedDeb deb)
    {
        var root = Path.Combine(_extractDir, Path.GetFileNameWithoutExtension(deb.Path));
        if (!Directory.Exists(root))
        {
            var temporary = root + ".partial";
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
            Directory.CreateDirectory(temporary);
            ProcessRunner.Run("dpkg-deb", ["-x", deb.Path, temporary]);
            Directory.Move(temporary, root);
        }
        return new DebianPackage(deb.Name, deb.Version, root);
    }

    private CachedDeb? FindDeb(PinnedPackage pin) => CachedDebs(pin.Name).FirstOrDefault(d => d.Version == pin.Version);

    private CachedDeb FindServed(PinnedPackage pin) =>
        CachedDebs(pin.Name).OrderByDescending(d => File.GetLastWriteTimeUtc(d.Path)).FirstOrDefault()
        ?? throw new UserInputException($"package '{pin.Name}' was not downloaded into {_debDir}");

    private IEnumerable<CachedDeb> CachedDebs(string name) =>
        Directory.Exists(_debDir)
            ? Directory.GetFiles(_debDir, $"{name}_*.deb").Order(StringComparer.Ordinal).Select(CachedDeb.Parse)
                .Where(d => d.Name == name)
            : [];

    private string? FindList(string releasePath)
    {
        var stem = $"_dists_{Suite}_{releasePath.Replace('/', '_')}";
        return Directory.Exists(ListsDir)
            ? Directory.GetFiles(ListsDir).Order(StringComparer.Ordinal)
                .FirstOrDefault(f => CompressionSuffixes.Any(c => f.EndsWith(stem + c, StringComparison.Ordinal)))
            : null;
    }

    private sealed record CachedDeb(string Name, string Version, string Path)
    {
        /// <summary>Parses <c>name_version_arch.deb</c> as apt-get writes it (<c>:</c> in versions as <c>%3a</c>).</summary>
        public static CachedDeb Parse(string path)
        {
            var parts = System.IO.Path.GetFileNameWithoutExtension(path).Split('_');
            return new CachedDeb(parts[0], parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "", path);
        }
    }

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
