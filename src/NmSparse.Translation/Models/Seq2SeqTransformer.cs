using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Encoder-decoder Transformer (Vaswani et al. 2017, "Attention Is All You Need") in the pre-LayerNorm form
/// (Xiong et al. 2020), with a final LayerNorm after each stack, sinusoidal positions and one embedding matrix
/// shared by the source, the target and the output projection (Press &amp; Wolf 2017), scaled by √d on input.
/// </summary>
/// <remarks>
/// Sparsifiable projections are registered as <c>encoder.layers.{i}.self_attn.{q,k,v,out}_proj</c>,
/// <c>encoder.layers.{i}.ff1/ff2</c>, <c>decoder.layers.{i}.self_attn.*</c>, <c>decoder.layers.{i}.cross_attn.*</c>
/// and <c>decoder.layers.{i}.ff1/ff2</c>. The tied output projection is the embedding (<c>embed_tokens</c>),
/// not a Linear. Sequences are padded at the end with <see cref="TransformerConfig.PadId"/>.
/// </remarks>
public sealed class Seq2SeqTransformer : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // registered names
    private readonly Embedding embed_tokens;
    private readonly EncoderStack encoder;
    private readonly DecoderStack decoder;
#pragma warning restore IDE1006

    private readonly double _embedScale;
    private readonly GemmPrecision _precision = new();

    /// <summary>
    /// Builds the model with Xavier-uniform Linear weights, zero biases, N(0, d^-½) embeddings and LayerNorm at
    /// (1, 0). Randomness comes from the global generator, so seed it first with <c>torch.manual_seed</c>.
    /// </summary>
    public Seq2SeqTransformer(TransformerConfig config) : base(nameof(Seq2SeqTransformer))
    {
        config.Validate();
        Config = config;
        _embedScale = Math.Sqrt(config.DModel);
        embed_tokens = nn.Embedding(config.VocabSize, config.DModel);
        using (no_grad()) nn.init.normal_(embed_tokens.weight!, 0, 1 / _embedScale);
        encoder = new EncoderStack(config, _precision);
        decoder = new DecoderStack(config, _precision);
        RegisterComponents();
    }

    /// <summary>The (validated) configuration the model was built from.</summary>
    public TransformerConfig Config { get; }

    /// <summary>The embedding matrix [V, D], which is also the tied output projection (no bias).</summary>
    public Tensor OutputWeight => embed_tokens.weight!;

    /// <summary>
    /// Precision of the matrix products in training mode (see <see cref="GemmPrecision"/>); float32 by default.
    /// Parameters stay float32 either way, and evaluation mode always computes in float32.
    /// </summary>
    public ComputePrecision Precision
    {
        get => _precision.Precision;
        set => _precision.Precision = value;
    }

    /// <summary>Teacher-forced logits [B, T, V] for source ids <paramref name="src"/> [B, S] and decoder input
    /// <paramref name="tgtIn"/> [B, T] (BOS + target, trailing pads).</summary>
    public override Tensor forward(Tensor src, Tensor tgtIn)
    {
        using var scope = NewDisposeScope();
        return Decode(tgtIn, Encode(src)).MoveToOuterDisposeScope();
    }

    /// <summary>Encodes source ids [B, S] (long, pad = PadId) to memory [B, S, D] plus its padding mask.</summary>
    public EncoderOutput Encode(Tensor src)
    {
        using var scope = NewDisposeScope();
        var mask = src.ne(Config.PadId).view(src.shape[0], 1, 1, src.shape[1]);
        var memory = encoder.call(Embed(src, 0), mask);
        return new EncoderOutput(memory.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>Teacher-forced logits [B, T, V] for decoder input [B, T] against an encoded source.</summary>
    public Tensor Decode(Tensor tgtIn, EncoderOutput encoded)
    {
        using var scope = NewDisposeScope();
        var hidden = decoder.call(Embed(tgtIn, 0), encoded.Memory, encoded.SourceMask);
        return OutputLogits(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Starts incremental decoding: projects the memory's cross-attention keys/values once per layer and reserves
    /// room for <paramref name="capacity"/> decoder input tokens (BOS included, at most MaxLength).
    /// </summary>
    public DecoderCache CreateCache(EncoderOutput encoded, int capacity)
    {
        if (capacity < 1 || capacity > Config.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(capacity), $"capacity must be in [1, {Config.MaxLength}]");
        using var scope = NewDisposeScope();
        return decoder.CreateCache(encoded, capacity);
    }

    /// <summary>
    /// Feeds one token per row (<paramref name="tokens"/> long [B]) at position <see cref="DecoderCache.Position"/>
    /// and returns the next-token logits [B, V]; equal to the matching row of <see cref="Decode"/>'s output.
    /// </summary>
    public Tensor DecodeStep(Tensor tokens, DecoderCache cache)
    {
        using var scope = NewDisposeScope();
        return OutputLogits(StepHidden(tokens, cache)).squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Greedy decoding's step: feeds tokens like <see cref="DecodeStep"/> and returns each row's arg-max next token
    /// (lowest id on ties). In evaluation mode <see cref="OutputArgMax"/>, when set, may answer instead of the full
    /// output product; either way the tokens are those of <c>DecodeStep(...).argmax(-1)</c>.
    /// </summary>
    public long[] NextTokens(Tensor tokens, DecoderCache cache)
    {
        using var scope = NewDisposeScope();
        var hidden = StepHidden(tokens, cache);
        if (!training && OutputArgMax?.ArgMax(hidden, OutputWeight) is { } chosen) return chosen;
        return OutputLogits(hidden).squeeze(1).argmax(-1).cpu().data<long>().ToArray();
    }

    /// <summary>
    /// An exact shortcut for the arg-max of the tied output logits in <see cref="NextTokens"/> (the sparse engine
    /// sets one); null: the full product. It must answer for the current embedding weights.
    /// </summary>
    public IOutputArgMax? OutputArgMax { get; set; }

    /// <summary>The decoder's output [B, 1, D] for one token per row at the cache's position.</summary>
    private Tensor StepHidden(Tensor tokens, DecoderCache cache) =>
        decoder.Step(Embed(tokens.view(-1, 1), cache.Position), cache);

    private Tensor Embed(Tensor ids, int start)
    {
        long length = ids.shape[1];
        if (start + length > Config.MaxLength)
            throw new ArgumentException($"{start + length} positions exceed the model's MaxLength {Config.MaxLength}");
        var embedded = embed_tokens.call(ids);
        var positions = SinusoidalPositions.Compute(start, length, Config.DModel, embedded.dtype, embedded.device);
        using var scale = KeptScalars.Hold(_embedScale);
        var x = embedded.mul(scale).add(positions, KeptScalars.One);
        return ModelInit.Dropout(x, Config.Dropout, training);
    }

    // Tied output projection: the embedding matrix itself, without a bias. In bfloat16 the logits are bfloat16 too;
    // the loss takes its log-softmax in float32.
    private Tensor OutputLogits(Tensor hidden) =>
        nn.functional.linear(_precision.ForGemm(hidden, training), _precision.ForGemm(embed_tokens.weight!, training));

    protected override void Dispose(bool disposing)
    {
        // Every sub-module is registered, so the base class disposes them all.
        base.Dispose(disposing);
    }
}
