namespace NmSparse.Translation.Data;

/// <summary>What <c>nmsparse data</c> builds and where.</summary>
/// <param name="OutputDirectory">Where the splits, tokenizer and manifest go.</param>
/// <param name="CacheDirectory">Where apt lists, downloaded packages and unpacked files are cached.</param>
/// <param name="VocabSize">SentencePiece vocabulary size.</param>
/// <param name="Seed">Seed for splitting, shuffling and tokenizer training.</param>
/// <param name="TsvFile">User corpus as one TSV file (null for the Debian build).</param>
/// <param name="MosesFiles">User corpus as English and German line-aligned files (null for the Debian build).</param>
/// <param name="Strict">
/// Whether a malformed line in a user corpus, or (Debian build) a package version or index the archive serves other
/// than the pinned one, is fatal; without it, each is a warning.
/// </param>
public sealed record DataBuildOptions(
    string OutputDirectory,
    string CacheDirectory,
    int VocabSize = DataBuildOptions.DefaultVocabSize,
    int Seed = 1234,
    string? TsvFile = null,
    (string English, string German)? MosesFiles = null,
    bool Strict = false)
{
    /// <summary>The SentencePiece vocabulary size of `nmsparse data` without --vocab-size.</summary>
    public const int DefaultVocabSize = 8000;

    /// <summary>What a Debian build downloads and reads: package versions and index checksums.</summary>
    public DebianPins Pins { get; init; } = DebianPins.Bookworm;

    /// <summary>Fewest training pairs a Debian build must reach from the pinned packages.</summary>
    public int MinTrainPairs { get; init; } = 150_000;

    /// <summary>Valid and test pairs per sentence-like Debian source.</summary>
    public IReadOnlyDictionary<string, (int Valid, int Test)> HeldOutQuotas { get; init; } =
        new Dictionary<string, (int Valid, int Test)>
        {
            [DingSource.Name] = (500, 1000),
            [DescriptionSource.Name] = (500, 1000),
        };

    /// <summary>Whether this is a user-corpus build.</summary>
    public bool FromUserCorpus => TsvFile is not null || MosesFiles is not null;

    /// <summary>Checks the options once; throws <see cref="UserInputException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (VocabSize < 16)
        {
            throw new UserInputException($"--vocab-size: {VocabSize} is too small (at least 16)");
        }
        if (TsvFile is not null && MosesFiles is not null)
        {
            throw new UserInputException("--from-tsv and --from-moses cannot be combined");
        }
    }
}
