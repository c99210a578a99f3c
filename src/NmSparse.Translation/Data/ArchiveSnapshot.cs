namespace NmSparse.Translation.Data;

/// <summary>The archive indexes a Debian corpus was built from.</summary>
/// <param name="ReleaseDate">The <c>Date:</c> of the suite's InRelease file.</param>
/// <param name="Indexes">Release path → SHA-256 of the uncompressed index as read.</param>
public sealed record ArchiveSnapshot(string ReleaseDate, IReadOnlyDictionary<string, string> Indexes);
