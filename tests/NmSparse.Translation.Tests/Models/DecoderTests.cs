using NmSparse.Translation.Models;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

[Collection("Sequential")]
public class DecoderTests
{
    private static readonly int[] Lengths = [5, 2, 8, 3, 6, 1, 7];

    [Fact]
    public void GreedyDecode_BatchesOfThreeVersusOneByOne_SameOutputs()
    {
        using var model = TinyTransformer.Create(seed: 5);
        var sources = TinyTransformer.RandomSentences(5, Lengths);
        var batched = new GreedyDecoder(model, new DecodingOptions { BatchSize = 3 }).Decode(sources);
        var single = new GreedyDecoder(model, new DecodingOptions { BatchSize = 1 }).Decode(sources);
        Assert.Equal(single, batched);
    }

    [Fact]
    public void GreedyDecode_OneBatchOfSevenVersusOneByOne_SameOutputs()
    {
        // Seven length limits in one batch: finished rows leave it several times before the last one ends.
        using var model = TinyTransformer.Create(seed: 10);
        var sources = TinyTransformer.RandomSentences(10, Lengths);
        var batched = new GreedyDecoder(model, new DecodingOptions { BatchSize = 7 }).Decode(sources);
        var single = new GreedyDecoder(model, new DecodingOptions { BatchSize = 1 }).Decode(sources);
        Assert.Equal(single, batched);
        Assert.Equal(7, batched.Select(o => o.Length).Distinct().Count());
    }

    [Fact]
    public void GreedyDecode_LimitThreeTokens_NoOutputLongerThanThree()
    {
        using var model = TinyTransformer.Create(seed: 6);
        var options = new DecodingOptions { MaxLengthA = 0, MaxLengthB = 3 };
        var outputs = new GreedyDecoder(model, options).Decode(TinyTransformer.RandomSentences(6, Lengths));
        Assert.All(outputs, output => Assert.InRange(output.Length, 0, 3));
        Assert.All(outputs.SelectMany(o => o), id => Assert.NotEqual(3, id));
    }

    [Fact]
    public void GreedyDecode_EmptySourceInTrainingModel_ReturnsEmptyAndRestoresTrainingMode()
    {
        using var model = TinyTransformer.Create();
        model.train();
        var outputs = new GreedyDecoder(model).Decode([Array.Empty<int>(), new[] { 5, 3 }]);
        Assert.Empty(outputs[0]);
        Assert.True(model.training);
    }

    [Fact]
    public void BeamSearch_BeamOne_EqualsGreedy()
    {
        using var model = TinyTransformer.Create(seed: 7);
        var sources = TinyTransformer.RandomSentences(7, Lengths);
        var greedy = new GreedyDecoder(model).Decode(sources);
        var beam = new BeamSearchDecoder(model, beamSize: 1).Decode(sources);
        Assert.Equal(greedy, beam);
    }

    [Fact]
    public void BeamSearch_BeamThreeBatchedVersusOneByOne_SameOutputs()
    {
        using var model = TinyTransformer.Create(seed: 8);
        var sources = TinyTransformer.RandomSentences(8, Lengths);
        var batched = new BeamSearchDecoder(model, 3, options: new DecodingOptions { BatchSize = 4 }).Decode(sources);
        var single = new BeamSearchDecoder(model, 3, options: new DecodingOptions { BatchSize = 1 }).Decode(sources);
        Assert.Equal(single, batched);
    }

    [Fact]
    public void Decoders_AfterTrainingOnCopyTask_CopySource()
    {
        // libtorch's thread count is process-wide and other tests change it; it changes summation order, so pin it.
        TorchSharp.torch.set_num_threads(2);
        using var model = TinyTransformer.Create(seed: 9);
        CopyTask.Train(model, steps: 150);
        var sources = TinyTransformer.RandomSentences(99, 4, 6, 5, 3);
        var expected = sources.Select(s => s[..^1]).ToArray();
        Assert.Equal(expected, new GreedyDecoder(model).Decode(sources));
        Assert.Equal(expected, new BeamSearchDecoder(model, beamSize: 3).Decode(sources));
    }
}
