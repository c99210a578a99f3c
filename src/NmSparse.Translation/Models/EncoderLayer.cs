using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// One pre-LayerNorm encoder layer: x + SelfAttn(LN(x)), then x + FF(LN(x)).
/// Registered names: self_attn.{q,k,v,out}_proj, ff1, ff2, self_attn_norm, ff_norm.
/// </summary>
public sealed class EncoderLayer : nn.Module<Tensor, Tensor, Tensor>
{
    // snake_case: these are the registered names; ff1/ff2 are swapped by the Sparsifier (see MultiHeadAttention).
#pragma warning disable IDE1006
    private readonly MultiHeadAttention self_attn;
    private nn.Module<Tensor, Tensor> ff1;
    private nn.Module<Tensor, Tensor> ff2;
    private readonly nn.Module<Tensor, Tensor> self_attn_norm;
    private readonly nn.Module<Tensor, Tensor> ff_norm;
#pragma warning restore IDE1006

    private readonly double _dropout;
    private readonly GemmPrecision _precision;

    /// <summary>
    /// Creates the layer's attention, feed-forward and LayerNorm sub-modules for <paramref name="config"/>;
    /// <paramref name="precision"/> is the owning model's policy (float32 when null).
    /// </summary>
    public EncoderLayer(TransformerConfig config, GemmPrecision? precision = null) : base(nameof(EncoderLayer))
    {
        _dropout = config.Dropout;
        _precision = precision ?? new GemmPrecision();
        self_attn = new MultiHeadAttention("self_attn", config.DModel, config.Heads, config.EffectiveAttentionDropout,
            _precision, config.ResidualInitGain);
        ff1 = ModelInit.Linear(config.DModel, config.FeedForward);
        ff2 = ModelInit.Linear(config.FeedForward, config.DModel, config.ResidualInitGain);
        self_attn_norm = nn.LayerNorm(config.DModel);
        ff_norm = nn.LayerNorm(config.DModel);
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="x"/> [B, S, D]; <paramref name="keyMask"/> boolean [B, 1, 1, S], true at real (non-pad)
    /// source tokens, or null when every position is real. Returns [B, S, D].
    /// </summary>
    public override Tensor forward(Tensor x, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var normed = _precision.ForGemm(self_attn_norm.call(x), training);
        x = Residual.Add(x, self_attn.Forward(normed, normed, keyMask, causal: false), _dropout, training);
        return Residual.FeedForward(x, ff_norm, ff1, ff2, _dropout, training, _precision)
            .MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        // Every sub-module is registered, so the base class disposes them all.
        base.Dispose(disposing);
    }
}
