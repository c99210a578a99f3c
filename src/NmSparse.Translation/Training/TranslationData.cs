using NmSparse.Translation.Data;

namespace NmSparse.Translation.Training;

/// <summary>A corpus directory (train/valid/test splits + spm.model) encoded for training and evaluation.</summary>
public sealed class TranslationData
{
    private TranslationData(SubwordTokenizer tokenizer, string tokenizerPath, EncodedSplit train, EncodedSplit valid,
        EncodedSplit test)
    {
        Tokenizer = tokenizer;
        TokenizerPath = tokenizerPath;
        Train = train;
        Valid = valid;
        Test = test;
    }

    public SubwordTokenizer Tokenizer { get; }
    public string TokenizerPath { get; }
    public EncodedSplit Train { get; }
    public EncodedSplit Valid { get; }
    public EncodedSplit Test { get; }

    /// <summary>
    /// Loads and encodes all three splits. Training pairs longer than <paramref name="maxTokens"/> subwords on
    /// either side are dropped (they would dominate padding); valid/test are kept whole.
    /// </summary>
    public static TranslationData Load(string dataDir, int maxTokens, Action<string>? log = null)
    {
        string model = Path.Combine(dataDir, "spm.model");
        if (!File.Exists(model))
            throw new UserInputException(
                $"{model}: tokenizer not found; build the corpus with `nmsparse data --out {dataDir}`");
        var tokenizer = SubwordTokenizer.Load(model);
        var train = Encode(tokenizer, "train", ParallelCorpus.Read(dataDir, "train"), maxTokens);
        var valid = Encode(tokenizer, "valid", ParallelCorpus.Read(dataDir, "valid"), int.MaxValue);
        var test = Encode(tokenizer, "test", ParallelCorpus.Read(dataDir, "test"), int.MaxValue);
        log?.Invoke(
            $"data: {train.Count} train / {valid.Count} valid / {test.Count} test pairs, vocab {tokenizer.VocabSize}");
        return new TranslationData(tokenizer, model, train, valid, test);
    }

    /// <summary>Encodes pairs in parallel (order preserved) and drops training pairs that are too long.</summary>
    public static EncodedSplit Encode(SubwordTokenizer tokenizer, string name, IReadOnlyList<SentencePair> pairs,
        int maxTokens)
    {
        var sources = new int[pairs.Count][];
        var targets = new int[pairs.Count][];
        Parallel.For(0, pairs.Count, i =>
        {
            sources[i] = [.. tokenizer.Encode(pairs[i].En), tokenizer.EosId];
            targets[i] = [tokenizer.BosId, .. tokenizer.Encode(pairs[i].De), tokenizer.EosId];
        });
        var keep = Enumerable.Range(0, pairs.Count)
            .Where(i => sources[i].Length <= maxTokens && targets[i].Length - 1 <= maxTokens && targets[i].Length > 2)
            .ToArray();
        if (keep.Length == pairs.Count) return new EncodedSplit(name, pairs, sources, targets);
        return new EncodedSplit(name, keep.Select(i => pairs[i]).ToList(), keep.Select(i => sources[i]).ToArray(),
            keep.Select(i => targets[i]).ToArray());
    }
}
