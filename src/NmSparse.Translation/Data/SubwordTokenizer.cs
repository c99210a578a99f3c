using Microsoft.ML.Tokenizers;

namespace NmSparse.Translation.Data;

/// <summary>
/// The joint English–German subword vocabulary (a SentencePiece BPE model written by <c>nmsparse data</c>), encoded
/// in-process with Microsoft.ML.Tokenizers. Ids match <c>spm_encode --output_format=id</c>; no BOS/EOS is added
/// (the model code adds them where it needs them).
/// </summary>
public sealed class SubwordTokenizer
{
    private readonly SentencePieceTokenizer _tokenizer;

    private SubwordTokenizer(SentencePieceTokenizer tokenizer, int padId)
    {
        _tokenizer = tokenizer;
        PadId = padId;
        UnkId = tokenizer.UnknownId;
        BosId = tokenizer.BeginningOfSentenceId;
        EosId = tokenizer.EndOfSentenceId;
        VocabSize = tokenizer.Vocabulary.Values.Max() + 1;
    }

    /// <summary>Number of ids (all ids are in [0, VocabSize)).</summary>
    public int VocabSize { get; }

    /// <summary>Padding id (0 for models built by <c>nmsparse data</c>).</summary>
    public int PadId { get; }

    /// <summary>Unknown-piece id.</summary>
    public int UnkId { get; }

    /// <summary>Beginning-of-sentence id.</summary>
    public int BosId { get; }

    /// <summary>End-of-sentence id.</summary>
    public int EosId { get; }

    /// <summary>Loads a SentencePiece model file (<c>spm.model</c>).</summary>
    /// <exception cref="UserInputException">The file is missing or is not a SentencePiece model.</exception>
    public static SubwordTokenizer Load(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new UserInputException($"{modelPath}: tokenizer model not found (run 'nmsparse data' first?)");
        }
        SentencePieceTokenizer tokenizer;
        try
        {
            using var stream = File.OpenRead(modelPath);
            tokenizer = SentencePieceTokenizer.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new UserInputException($"{modelPath}: not a SentencePiece model ({e.Message})", e);
        }
        var padId = tokenizer.Vocabulary.TryGetValue("<pad>", out var id) ? id : -1;
        return new SubwordTokenizer(tokenizer, padId);
    }

    /// <summary>The ids of <paramref name="text"/> (no BOS/EOS).</summary>
    public IReadOnlyList<int> Encode(string text) =>
        _tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);

    /// <summary>The text of <paramref name="ids"/>; pad, BOS and EOS ids are skipped.</summary>
    public string Decode(IEnumerable<int> ids) =>
        _tokenizer.Decode(ids.Where(i => i != PadId && i != BosId && i != EosId), considerSpecialTokens: false);
}
