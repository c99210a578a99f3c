using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// Multi-head attention with four separate projections (q_proj, k_proj, v_proj, out_proj), so each one can be
/// sparsified on its own. The attention itself is libtorch's fused <c>scaled_dot_product_attention</c> in evaluation
/// and <see cref="ExplicitAttention"/> in training.
/// Key/value projection is a separate step (<see cref="ProjectKeyValue"/>) so decoders can cache it.
/// </summary>
/// <remarks>
/// Not a <c>Module&lt;…&gt;</c> with <c>forward</c>: callers need three entry points (full, project K/V,
/// attend to cached K/V), and a single forward would hide which one the decoder cache relies on.
/// </remarks>
public sealed class MultiHeadAttention : nn.Module
{
    // Field names are the state-dict / named_modules names ("….self_attn.q_proj") that sparsity name patterns
    // match, and the Sparsifier swaps these fields for its wrapper by reflection: keep them snake_case, typed
    // Module<Tensor, Tensor>, non-readonly, and always read them at call time.
#pragma warning disable IDE1006
    private nn.Module<Tensor, Tensor> q_proj;
    private nn.Module<Tensor, Tensor> k_proj;
    private nn.Module<Tensor, Tensor> v_proj;
    private nn.Module<Tensor, Tensor> out_proj;
#pragma warning restore IDE1006

    private readonly int _heads;
    private readonly double _attentionDropout;
    private readonly GemmPrecision _precision;

    /// <summary>
    /// Creates the four d×d projections with Xavier-uniform weights and zero biases; <paramref name="precision"/>
    /// is the owning model's policy (float32 when null); <paramref name="outGain"/> scales the init of out_proj,
    /// the projection that writes into the residual stream.
    /// </summary>
    public MultiHeadAttention(string name, int dModel, int heads, double attentionDropout,
        GemmPrecision? precision = null, double outGain = 1.0) : base(name)
    {
        if (dModel % heads != 0) throw new ArgumentException($"dModel {dModel} is not divisible by heads {heads}");
        _heads = heads;
        _attentionDropout = attentionDropout;
        _precision = precision ?? new GemmPrecision();
        q_proj = ModelInit.Linear(dModel, dModel);
        k_proj = ModelInit.Linear(dModel, dModel);
        v_proj = ModelInit.Linear(dModel, dModel);
        out_proj = ModelInit.Linear(dModel, dModel, outGain);
        RegisterComponents();
    }

    /// <summary>
    /// Full attention of <paramref name="query"/> [B, L, D] over <paramref name="keyValue"/> [B, S, D].
    /// <paramref name="mask"/> is boolean, broadcastable to [B, H, L, S], true = may attend; <paramref name="causal"/>
    /// applies the lower-triangular mask instead (the two are exclusive).
    /// </summary>
    public Tensor Forward(Tensor query, Tensor keyValue, Tensor? mask, bool causal)
    {
        var (keys, values) = ProjectKeyValue(keyValue);
        return Attend(query, keys, values, mask, causal);
    }

    /// <summary>
    /// Projects <paramref name="source"/> [B, S, D] to per-head keys and values, each [B, H, S, D/H].
    /// </summary>
    public (Tensor Keys, Tensor Values) ProjectKeyValue(Tensor source)
    {
        var input = _precision.ForGemm(source, training);
        return (SplitHeads(_precision.Project(k_proj, input, training)),
            SplitHeads(_precision.Project(v_proj, input, training)));
    }

    /// <summary>
    /// Projects <paramref name="query"/> [B, L, D], attends to already projected <paramref name="keys"/> and
    /// <paramref name="values"/> [B, H, S, D/H] and applies out_proj; returns [B, L, D].
    /// </summary>
    public Tensor Attend(Tensor query, Tensor keys, Tensor values, Tensor? mask, bool causal)
    {
        using var scope = NewDisposeScope();
        var q = SplitHeads(_precision.Project(q_proj, query, training));
        double p = training ? _attentionDropout : 0.0;
        // Training: explicit products around a float32 softmax (faster here, see ExplicitAttention); evaluation
        // and decoding: libtorch's fused kernel.
        var context = training
            ? ExplicitAttention.Compute(q, keys, values, mask, causal, p)
            : nn.functional.scaled_dot_product_attention(q, keys, values, mask, p, causal);
        var merged = context.transpose(1, 2).reshape(query.shape[0], query.shape[1], query.shape[2]);
        return _precision.Project(out_proj, merged, training).MoveToOuterDisposeScope();
    }

    private Tensor SplitHeads(Tensor x) => x.view(x.shape[0], x.shape[1], _heads, -1).transpose(1, 2);

    protected override void Dispose(bool disposing)
    {
        // The projections are registered submodules, so the base class disposes them (including a wrapper that
        // replaced one, as long as the replacer re-registered it under the same name).
        base.Dispose(disposing);
    }
}
