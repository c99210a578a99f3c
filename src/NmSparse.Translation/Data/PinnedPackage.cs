namespace NmSparse.Translation.Data;

/// <summary>A Debian binary package pinned to the exact version a corpus is built from.</summary>
/// <param name="Name">Package name, e.g. <c>trans-de-en</c>.</param>
/// <param name="Version">Exact Debian version, e.g. <c>1.9-6</c>.</param>
public sealed record PinnedPackage(string Name, string Version)
{
    /// <summary>The <c>apt-get download</c> argument that asks for exactly this version.</summary>
    public string AptSpec => $"{Name}={Version}";
}
