using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// The pre-LayerNorm residual feed-forward sub-layer shared by encoder and decoder layers. It is a function, not a
/// module, because ff1/ff2 must be registered directly on the layer ("….layers.{i}.ff1") for name patterns.
/// </summary>
internal static class Residual
{
    /// <summary>x + dropout(ff2(relu(ff1(norm(x))))).</summary>
    public static Tensor FeedForward(Tensor x, nn.Module<Tensor, Tensor> norm, nn.Module<Tensor, Tensor> ff1,
        nn.Module<Tensor, Tensor> ff2, double dropout, bool training)
    {
        using var scope = NewDisposeScope();
        var hidden = nn.functional.relu(ff1.call(norm.call(x)));
        return x.add(ModelInit.Dropout(ff2.call(hidden), dropout, training)).MoveToOuterDisposeScope();
    }

    /// <summary>x + dropout(sublayer), the residual add after any attention sub-layer.</summary>
    public static Tensor Add(Tensor x, Tensor sublayer, double dropout, bool training) =>
        x.add(ModelInit.Dropout(sublayer, dropout, training));
}
