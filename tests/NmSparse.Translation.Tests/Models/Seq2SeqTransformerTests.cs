using System.Reflection;
using NmSparse.Translation.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

[Collection("Sequential")]
public class Seq2SeqTransformerTests
{
    [Fact]
    public void Forward_TinyBatch_ReturnsBatchByTargetByVocabLogits()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        var logits = model.call(TinyTransformer.RandomIds(3, 7), TinyTransformer.RandomIds(3, 5));
        Assert.Equal(new long[] { 3, 5, TinyTransformer.Vocab }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
    }

    [Fact]
    public void NamedModules_TwoPlusTwoLayers_LinearsAreExactlyTheSparsifiableProjections()
    {
        using var model = TinyTransformer.Create();
        string[] attention = ["q_proj", "k_proj", "v_proj", "out_proj"];
        var expected = new SortedSet<string>();
        for (int i = 0; i < 2; i++)
        {
            foreach (var proj in attention)
            {
                expected.Add($"encoder.layers.{i}.self_attn.{proj}");
                expected.Add($"decoder.layers.{i}.self_attn.{proj}");
                expected.Add($"decoder.layers.{i}.cross_attn.{proj}");
            }
            foreach (var stack in new[] { "encoder", "decoder" })
            {
                expected.Add($"{stack}.layers.{i}.ff1");
                expected.Add($"{stack}.layers.{i}.ff2");
            }
        }
        var linears = model.named_modules().Where(m => m.module is Linear).Select(m => m.name);
        Assert.Equal(expected, new SortedSet<string>(linears));
    }

    [Fact]
    public void ResidualInitGain_Half_ScalesOnlyOutProjAndFf2ByHalf()
    {
        using var scope = NewDisposeScope();
        using var plain = TinyTransformer.Create(seed: 5);
        using var scaled = TinyTransformer.Create(seed: 5, TinyTransformer.Config with { ResidualInitGain = 0.5 });
        var scaledParameters = scaled.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        int residualWeights = 0;
        foreach (var (name, parameter) in plain.named_parameters())
        {
            bool residual = name.EndsWith("out_proj.weight") || name.EndsWith("ff2.weight");
            residualWeights += residual ? 1 : 0;
            var expected = residual ? parameter.mul(0.5) : parameter;
            Assert.True(expected.eq(scaledParameters[name]).all().item<bool>(), name);
        }
        Assert.Equal(2 * 2 + 2 * 3, residualWeights); // encoder: self-attn + ff2; decoder: self, cross, ff2
    }

    [Fact]
    public void Validate_ResidualInitGainZero_NamesTheField()
    {
        var error = Assert.Throws<UserInputException>(() =>
            (TinyTransformer.Config with { ResidualInitGain = 0 }).Validate());
        Assert.Equal("model.ResidualInitGain must be positive, got 0", error.Message);
    }

    [Theory]
    [InlineData("encoder.layers.1.self_attn", "q_proj")]
    [InlineData("decoder.layers.0.cross_attn", "v_proj")]
    [InlineData("decoder.layers.1", "ff2")]
    public void ProjectionField_ReplacedByReflection_ForwardCallsReplacement(string owner, string field)
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        var module = model.named_modules().Single(m => m.name == owner).module;
        var info = module.GetType().GetField(field, BindingFlags.NonPublic | BindingFlags.Instance)!;
        var wrapper = new CountingWrapper((nn.Module<Tensor, Tensor>)info.GetValue(module)!);
        info.SetValue(module, wrapper);
        using var noGrad = no_grad();
        model.call(TinyTransformer.RandomIds(2, 4), TinyTransformer.RandomIds(2, 3));
        Assert.Equal(1, wrapper.Calls);
    }

    [Fact]
    public void Parameters_TinyConfig_CountIsExact()
    {
        using var model = TinyTransformer.Create();
        // Embedding 12·16; encoder layer 4·272 + 544 + 528 + 2·32; decoder layer 8·272 + 544 + 528 + 3·32;
        // one final LayerNorm (32) per stack.
        long expected = 192 + 2 * 2224 + 32 + 2 * 3344 + 32;
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Constructor_Seed42_ParameterSumIsFixed()
    {
        using var model = TinyTransformer.Create(seed: 42);
        double sum = model.parameters().Sum(p => p.sum().item<float>());
        // LayerNorm weights alone contribute 16 · (2·2 + 2·3 + 2) = 192; the rest is the seeded random init.
        Assert.Equal(201.7332, sum, 4);
    }

    [Fact]
    public void StateDict_Model_HoldsTiedEmbeddingOnceAndNoPositionTable()
    {
        using var model = TinyTransformer.Create();
        var keys = model.state_dict().Keys.ToList();
        Assert.Single(keys, k => k.StartsWith("embed_tokens"));
        Assert.DoesNotContain(keys, k => k.Contains("positions"));
    }

    [Fact]
    public void Forward_LaterTargetTokenChanged_EarlierLogitsUnchanged()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        var src = TinyTransformer.RandomIds(2, 6);
        var tgt = TinyTransformer.RandomIds(2, 5);
        var changed = tgt.clone();
        // (x − 4 + 1) mod 8 + 4: another non-special id.
        changed[TensorIndex.Colon, 3] = tgt[TensorIndex.Colon, 3].sub(3).remainder(8).add(4);
        using var noGrad = no_grad();
        var before = model.call(src, tgt);
        var after = model.call(src, changed);
        TinyTransformer.AssertClose(before.narrow(1, 0, 3), after.narrow(1, 0, 3), 0);
        Assert.True(before.narrow(1, 3, 2).sub(after.narrow(1, 3, 2)).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void Forward_SourceWithTrailingPads_LogitsUnchanged()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        var src = TinyTransformer.RandomIds(1, 5);
        var padded = cat([src, zeros(1, 3, int64)], 1);
        var tgt = TinyTransformer.RandomIds(1, 4);
        using var noGrad = no_grad();
        TinyTransformer.AssertClose(model.call(src, tgt), model.call(padded, tgt), 1e-5);
    }

    [Fact]
    public void DecodeStep_EveryPosition_MatchesTeacherForcedLogits()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        var src = cat([TinyTransformer.RandomIds(2, 6), zeros(2, 2, int64)], 1);
        src[1, 4] = tensor(0L);
        var tgt = TinyTransformer.RandomIds(2, 7);
        using var noGrad = no_grad();
        var encoded = model.Encode(src);
        var full = model.Decode(tgt, encoded);
        using var cache = model.CreateCache(encoded, 7);
        for (int t = 0; t < 7; t++)
        {
            TinyTransformer.AssertClose(full.select(1, t), model.DecodeStep(tgt.select(1, t), cache), 1e-5);
        }
        Assert.Equal(7, cache.Position);
    }

    [Fact]
    public void NextTokens_NoOutputArgMax_EqualsArgMaxOfDecodeStep()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        model.eval();
        var src = TinyTransformer.RandomIds(2, 6);
        var tgt = TinyTransformer.RandomIds(2, 3);
        using var noGrad = no_grad();
        var encoded = model.Encode(src);
        using var stepCache = model.CreateCache(encoded, 3);
        using var tokenCache = model.CreateCache(encoded, 3);
        for (int t = 0; t < 3; t++)
        {
            long[] expected = model.DecodeStep(tgt.select(1, t), stepCache).argmax(-1).data<long>().ToArray();
            Assert.Equal(expected, model.NextTokens(tgt.select(1, t), tokenCache));
        }
    }

    [Fact]
    public void NextTokens_OutputArgMaxAnswers_ItsTokensInEvalModeOnly()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        model.OutputArgMax = new FixedOutputArgMax([7]);
        var src = TinyTransformer.RandomIds(1, 6);
        using var noGrad = no_grad();
        var encoded = model.Encode(src);
        using var cache = model.CreateCache(encoded, 2);
        var token = TinyTransformer.RandomIds(1, 1).view(1);

        model.train();
        long[] training = model.NextTokens(token, cache);
        model.eval();
        long[] evaluation = model.NextTokens(token, cache);

        Assert.Equal(new long[] { 7 }, evaluation);
        Assert.Equal(model.DecodeStep(token, model.CreateCache(encoded, 1)).argmax(-1).data<long>().ToArray(),
            training);
    }

    [Fact]
    public void DecoderCacheReorder_SwappedRows_NextStepFollowsSwappedHistories()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        var src = TinyTransformer.RandomIds(1, 5).expand(2, 5);
        var tgt = TinyTransformer.RandomIds(2, 4);
        using var noGrad = no_grad();
        var encoded = model.Encode(src);
        var full = model.Decode(tgt, encoded);
        using var cache = model.CreateCache(encoded, 4);
        for (int t = 0; t < 3; t++) model.DecodeStep(tgt.select(1, t), cache);
        cache.Reorder(tensor(new long[] { 1, 0 }));
        // Row 0 now continues row 1's history; feed it row 1's last token.
        var last = tgt.select(1, 3).flip(0);
        TinyTransformer.AssertClose(full.select(1, 3).flip(0), model.DecodeStep(last, cache), 1e-5);
    }

    [Fact]
    public void DecoderCacheKeep_RowsTwoAndZeroOfThree_NextStepMatchesTeacherForcedRows()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create();
        var src = cat([TinyTransformer.RandomIds(3, 5), zeros(3, 2, int64)], 1);
        src[2, 3] = tensor(0L);
        var tgt = TinyTransformer.RandomIds(3, 4);
        using var noGrad = no_grad();
        var encoded = model.Encode(src);
        var full = model.Decode(tgt, encoded);
        using var cache = model.CreateCache(encoded, 4);
        for (int t = 0; t < 3; t++) model.DecodeStep(tgt.select(1, t), cache);
        var rows = tensor(new long[] { 2, 0 });
        cache.Keep(rows);
        // Rows 2 and 0 carry on alone (self- and cross-attention caches and the source mask follow them).
        var logits = model.DecodeStep(tgt.select(1, 3).index_select(0, rows), cache);
        TinyTransformer.AssertClose(full.select(1, 3).index_select(0, rows), logits, 1e-5);
        Assert.Equal(new long[] { 2, TinyTransformer.Vocab }, logits.shape);
    }

    [Fact]
    public void Backward_TinyBatch_EveryParameterGetsGradient()
    {
        using var scope = NewDisposeScope();
        using var model = TinyTransformer.Create(config: TinyTransformer.Config with { Dropout = 0.1 });
        model.train();
        var loss = new LabelSmoothedLoss().Compute(
            model.call(TinyTransformer.RandomIds(2, 5), TinyTransformer.RandomIds(2, 4)),
            TinyTransformer.RandomIds(2, 4));
        loss.SmoothedLoss.backward();
        foreach (var (name, p) in model.named_parameters())
        {
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} has no gradient");
        }
    }

    [Fact]
    public void Validate_DModelNotDivisibleByHeads_ThrowsOneLineError()
    {
        var error = Assert.Throws<UserInputException>(() => (TinyTransformer.Config with { Heads = 3 }).Validate());
        Assert.Equal("model.DModel (16) must be divisible by model.Heads (3)", error.Message);
    }

    /// <summary>Always answers the same tokens.</summary>
    private sealed class FixedOutputArgMax(long[] tokens) : IOutputArgMax
    {
        public long[]? ArgMax(Tensor hidden, Tensor outputWeight) => tokens;
    }
}
