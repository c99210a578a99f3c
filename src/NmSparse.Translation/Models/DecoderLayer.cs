using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// One pre-LayerNorm decoder layer: causal self-attention, cross-attention to the encoder memory, feed-forward.
/// Registered names: self_attn.*, cross_attn.{q,k,v,out}_proj, ff1, ff2, self_attn_norm, cross_attn_norm, ff_norm.
/// </summary>
public sealed class DecoderLayer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    // snake_case: these are the registered names; ff1/ff2 are swapped by the Sparsifier (see MultiHeadAttention).
#pragma warning disable IDE1006
    private readonly MultiHeadAttention self_attn;
    private readonly MultiHeadAttention cross_attn;
    private nn.Module<Tensor, Tensor> ff1;
    private nn.Module<Tensor, Tensor> ff2;
    private readonly nn.Module<Tensor, Tensor> self_attn_norm;
    private readonly nn.Module<Tensor, Tensor> cross_attn_norm;
    private readonly nn.Module<Tensor, Tensor> ff_norm;
#pragma warning restore IDE1006

    private readonly double _dropout;
    private readonly GemmPrecision _precision;

    /// <summary>
    /// Creates the layer's attention, feed-forward and LayerNorm sub-modules for <paramref name="config"/>;
    /// <paramref name="precision"/> is the owning model's policy (float32 when null).
    /// </summary>
    public DecoderLayer(TransformerConfig config, GemmPrecision? precision = null) : base(nameof(DecoderLayer))
    {
        _dropout = config.Dropout;
        _precision = precision ?? new GemmPrecision();
        double attentionDropout = config.EffectiveAttentionDropout;
        self_attn = new MultiHeadAttention("self_attn", config.DModel, config.Heads, attentionDropout, _precision,
            config.ResidualInitGain);
        cross_attn = new MultiHeadAttention("cross_attn", config.DModel, config.Heads, attentionDropout, _precision,
            config.ResidualInitGain);
        ff1 = ModelInit.Linear(config.DModel, config.FeedForward);
        ff2 = ModelInit.Linear(config.FeedForward, config.DModel, config.ResidualInitGain);
        self_attn_norm = nn.LayerNorm(config.DModel);
        cross_attn_norm = nn.LayerNorm(config.DModel);
        ff_norm = nn.LayerNorm(config.DModel);
        RegisterComponents();
    }

    /// <summary>
    /// Teacher-forced pass. <paramref name="x"/> [B, T, D] (target padding must be trailing: the causal mask then
    /// keeps real positions from seeing it); <paramref name="memory"/> [B, S, D]; <paramref name="memoryMask"/>
    /// boolean [B, 1, 1, S], true at real source tokens. Returns [B, T, D].
    /// </summary>
    public override Tensor forward(Tensor x, Tensor memory, Tensor memoryMask)
    {
        using var scope = NewDisposeScope();
        var normed = _precision.ForGemm(self_attn_norm.call(x), training);
        x = Residual.Add(x, self_attn.Forward(normed, normed, null, causal: true), _dropout, training);
        x = Residual.Add(x, cross_attn.Forward(cross_attn_norm.call(x), memory, memoryMask, causal: false),
            _dropout, training);
        return Residual.FeedForward(x, ff_norm, ff1, ff2, _dropout, training, _precision)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Projects the encoder memory [B, S, D] to this layer's cross-attention keys and values.</summary>
    internal (Tensor Keys, Tensor Values) ProjectMemory(Tensor memory) => cross_attn.ProjectKeyValue(memory);

    /// <summary>
    /// One incremental step: <paramref name="x"/> [B, 1, D] is the input at <paramref name="position"/>; its
    /// self-attention key/value are written to <paramref name="cache"/> and it attends to positions 0..position.
    /// </summary>
    internal Tensor Step(Tensor x, DecoderLayerCache cache, int position, Tensor memoryMask)
    {
        using var scope = NewDisposeScope();
        var normed = self_attn_norm.call(x);
        var (newKeys, newValues) = self_attn.ProjectKeyValue(normed);
        cache.Write(position, newKeys, newValues);
        var (keys, values) = cache.Prefix(position + 1);
        // No mask: the cache holds only positions up to this one, which is exactly what the causal mask allows.
        x = Residual.Add(x, self_attn.Attend(normed, keys, values, null, causal: false), _dropout, training);
        var cross = cross_attn.Attend(cross_attn_norm.call(x), cache.CrossKeys, cache.CrossValues, memoryMask, false);
        x = Residual.Add(x, cross, _dropout, training);
        return Residual.FeedForward(x, ff_norm, ff1, ff2, _dropout, training, _precision)
            .MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        // Every sub-module is registered, so the base class disposes them all.
        base.Dispose(disposing);
    }
}
