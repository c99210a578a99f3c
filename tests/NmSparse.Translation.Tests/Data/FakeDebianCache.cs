using System.Security.Cryptography;
using System.Text;
using NmSparse.Translation.Data;

namespace NmSparse.Translation.Tests.Data;

/// <summary>
/// A cache directory laid out as <see cref="DebianArchive"/> keeps it (apt lists, .deb files, unpacked packages),
/// filled by hand so a Debian build runs offline: every package is already "downloaded" (an empty .deb) and unpacked.
/// </summary>
internal sealed class FakeDebianCache
{
    public const string ReleaseDate = "Sat, 01 Jan 2000 00:00:00 UTC";

    public FakeDebianCache(string directory)
    {
        Directory = directory;
        WriteList("InRelease", $"Origin: Debian\nSuite: {DebianArchive.Suite}\nDate: {ReleaseDate}\n");
    }

    public string Directory { get; }

    /// <summary>Release path → SHA-256 of each index written (what a pin must say to match).</summary>
    public Dictionary<string, string> IndexChecksums { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes an index under its Release path (e.g. <c>main/i18n/Translation-de</c>), uncompressed.</summary>
    public void WriteIndex(string releasePath, string text)
    {
        WriteList(releasePath, text);
        IndexChecksums[releasePath] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Adds a downloaded and unpacked package with the given files (path inside the package → bytes).</summary>
    public PinnedPackage AddPackage(string name, string version, IReadOnlyDictionary<string, byte[]> files)
    {
        var stem = $"{name}_{Uri.EscapeDataString(version)}_all";
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "debs"));
        File.WriteAllBytes(Path.Combine(Directory, "debs", stem + ".deb"), []);
        foreach (var (path, bytes) in files)
        {
            var full = Path.Combine(Directory, "extracted", stem, path);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
        return new PinnedPackage(name, version);
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private void WriteList(string releasePath, string text)
    {
        var lists = Path.Combine(Directory, "apt", "lists");
        System.IO.Directory.CreateDirectory(lists);
        var name = $"deb.example.org_debian_dists_{DebianArchive.Suite}_{releasePath.Replace('/', '_')}";
        File.WriteAllText(Path.Combine(lists, name), text);
    }
}
