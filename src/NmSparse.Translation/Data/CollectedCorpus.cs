namespace NmSparse.Translation.Data;

/// <summary>A corpus split and ready to write, with what went into it.</summary>
/// <param name="Splits">Train/valid/test pairs.</param>
/// <param name="SourcePairs">Pairs each source contributed after filtering and deduplication.</param>
/// <param name="Packages">Debian packages used, name → version (empty for user corpora).</param>
/// <param name="MalformedLines">Malformed input lines skipped (user corpora).</param>
public sealed record CollectedCorpus(
    CorpusSplits Splits,
    IReadOnlyDictionary<string, int> SourcePairs,
    IReadOnlyDictionary<string, string> Packages,
    int MalformedLines = 0)
{
    /// <summary>The archive indexes read (Debian builds only).</summary>
    public ArchiveSnapshot? Archive { get; init; }
}
