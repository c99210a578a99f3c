using NmSparse.Translation.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

/// <summary>A d=16 model and random inputs small enough for a shared 2-core CPU.</summary>
internal static class TinyTransformer
{
    public const int Vocab = 12;

    public static TransformerConfig Config => new()
    {
        VocabSize = Vocab, DModel = 16, Heads = 2, FeedForward = 32, EncoderLayers = 2, DecoderLayers = 2,
        Dropout = 0, MaxLength = 32,
    };

    /// <summary>Seeds the global generator, so callers must be in the "Sequential" collection.</summary>
    public static Seq2SeqTransformer Create(int seed = 1, TransformerConfig? config = null)
    {
        manual_seed(seed);
        var model = new Seq2SeqTransformer(config ?? Config);
        model.eval();
        return model;
    }

    /// <summary>Random ids in [4, Vocab): never pad, BOS or EOS.</summary>
    public static Tensor RandomIds(long batch, long length) => randint(4, Vocab, [batch, length], dtype: int64);

    /// <summary>Sentences of the given lengths made of non-special ids, each ending with EOS.</summary>
    public static IReadOnlyList<int[]> RandomSentences(int seed, params int[] lengths)
    {
        var random = new Random(seed);
        return lengths.Select(n => Enumerable.Range(0, n - 1).Select(_ => random.Next(4, Vocab)).Append(3).ToArray())
            .ToArray();
    }

    public static void AssertClose(Tensor expected, Tensor actual, double tolerance)
    {
        Assert.Equal(expected.shape, actual.shape);
        double maxDiff = expected.sub(actual).abs().max().item<float>();
        Assert.True(maxDiff <= tolerance, $"max |difference| {maxDiff} > {tolerance}");
    }
}
