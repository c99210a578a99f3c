using NmSparse.Sparsity;
using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// The precision policy one <see cref="Seq2SeqTransformer"/> shares with all its layers. In
/// <see cref="ComputePrecision.BFloat16"/> and training mode, the inputs of matrix products are cast to bfloat16
/// (the casts are differentiable, so gradients reach the float32 weights as float32); LayerNorm, the residual
/// stream (float32 + bfloat16 promotes to float32) and the loss stay in float32. Evaluation always runs in float32,
/// so what a run measures (loss, BLEU) does not depend on how it was trained.
/// </summary>
/// <remarks>
/// A sparse layer gets bfloat16 input and casts its masked weight, formed in float32 from the float32 master, to
/// the input's type. A Linear the Sparsifier left dense is a plain TorchSharp Linear that cannot mix types: it runs
/// in float32 (its FLOP-counting hook must see the call) and its output is cast to bfloat16.
/// </remarks>
public sealed class GemmPrecision
{
    /// <summary>The precision of matrix products while training (float32 in evaluation mode regardless).</summary>
    public ComputePrecision Precision { get; set; } = ComputePrecision.Float32;

    /// <summary>True when a module in this training mode should run its matrix products in bfloat16.</summary>
    public bool UsesBFloat16(bool training) => training && Precision == ComputePrecision.BFloat16;

    /// <summary><paramref name="x"/> as the input of a matrix product (the same tensor when no cast is due).</summary>
    public Tensor ForGemm(Tensor x, bool training) =>
        UsesBFloat16(training) && x.dtype != ScalarType.BFloat16 ? x.to_type(ScalarType.BFloat16) : x;

    /// <summary>Applies a projection layer to <paramref name="x"/> in this precision.</summary>
    public Tensor Project(nn.Module<Tensor, Tensor> layer, Tensor x, bool training)
    {
        if (!UsesBFloat16(training)) return layer.call(x);
        if (layer is SparseLayer) return layer.call(ForGemm(x, training));
        var input = x.dtype == ScalarType.Float32 ? x : x.to_type(ScalarType.Float32);
        return layer.call(input).to_type(ScalarType.BFloat16);
    }
}
