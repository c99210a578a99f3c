using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// The pre-LayerNorm residual feed-forward sub-layer shared by encoder and decoder layers. It is a function, not a
/// module, because ff1/ff2 must be registered directly on the layer ("….layers.{i}.ff1") for name patterns.
/// </summary>
internal static class Residual
{
    /// <summary>
    /// x + dropout(ff2(relu(ff1(norm(x))))); ff1, relu and ff2 run in <paramref name="precision"/>, the norm and
    /// the residual add in x's type.
    /// </summary>
    public static Tensor FeedForward(Tensor x, nn.Module<Tensor, Tensor> norm, nn.Module<Tensor, Tensor> ff1,
        nn.Module<Tensor, Tensor> ff2, double dropout, bool training, GemmPrecision precision)
    {
        using var scope = NewDisposeScope();
        var hidden = precision.Project(ff1, norm.call(x), training).relu_();
        return Add(x, precision.Project(ff2, hidden, training), dropout, training).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// x + dropout(sublayer), the residual add after any attention sub-layer. A bfloat16 sublayer is promoted to
    /// x's float32 by the add itself (no separate cast), so the residual stream accumulates in float32.
    /// </summary>
    public static Tensor Add(Tensor x, Tensor sublayer, double dropout, bool training) =>
        x.add(ModelInit.Dropout(sublayer, dropout, training), KeptScalars.One);
}
