namespace NmSparse.Translation.Data;

/// <summary>A Debian binary package fetched into the cache and unpacked.</summary>
/// <param name="Name">Package name, e.g. <c>trans-de-en</c>.</param>
/// <param name="Version">Exact Debian version, e.g. <c>1.9-6</c>.</param>
/// <param name="Root">Directory the package's files were extracted into (its <c>usr/</c> is inside).</param>
public sealed record DebianPackage(string Name, string Version, string Root);
