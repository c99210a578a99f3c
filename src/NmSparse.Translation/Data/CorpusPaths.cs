namespace NmSparse.Translation.Data;

/// <summary>The files of a corpus directory: <c>{train,valid,test}.{en,de}</c>, the tokenizer and the manifest.</summary>
/// <param name="Directory">The corpus directory.</param>
public sealed record CorpusPaths(string Directory)
{
    /// <summary>The split names, in the order they are written.</summary>
    public static readonly IReadOnlyList<string> Splits = ["train", "valid", "test"];

    /// <summary>SentencePiece model file.</summary>
    public string TokenizerModel => Path.Combine(Directory, "spm.model");

    /// <summary>SentencePiece vocabulary listing (piece and score a line).</summary>
    public string TokenizerVocab => Path.Combine(Directory, "spm.vocab");

    /// <summary>The build manifest.</summary>
    public string Manifest => Path.Combine(Directory, "manifest.json");

    /// <summary>The English file of a split.</summary>
    /// <exception cref="ArgumentException">Unknown split name.</exception>
    public string English(string split) => SplitFile(split, "en");

    /// <summary>The German file of a split.</summary>
    /// <exception cref="ArgumentException">Unknown split name.</exception>
    public string German(string split) => SplitFile(split, "de");

    /// <summary>Every output file the build writes (splits, tokenizer), manifest excluded.</summary>
    public IEnumerable<string> OutputFiles() =>
        Splits.SelectMany(s => new[] { English(s), German(s) }).Append(TokenizerModel).Append(TokenizerVocab);

    private string SplitFile(string split, string language) =>
        Splits.Contains(split)
            ? Path.Combine(Directory, $"{split}.{language}")
            : throw new ArgumentException($"unknown split '{split}' (expected train, valid or test)", nameof(split));
}
