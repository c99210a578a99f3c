using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Models;

/// <summary>
/// The encoder: <c>layers</c> (a ModuleList of <see cref="EncoderLayer"/>) and a final LayerNorm <c>norm</c>.
/// </summary>
public sealed class EncoderStack : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // registered names
    private readonly ModuleList<EncoderLayer> layers;
    private readonly nn.Module<Tensor, Tensor> norm;
#pragma warning restore IDE1006

    /// <summary>Creates <see cref="TransformerConfig.EncoderLayers"/> layers.</summary>
    public EncoderStack(TransformerConfig config, GemmPrecision? precision = null) : base(nameof(EncoderStack))
    {
        layers = new ModuleList<EncoderLayer>(
            Enumerable.Range(0, config.EncoderLayers).Select(_ => new EncoderLayer(config, precision)).ToArray());
        norm = nn.LayerNorm(config.DModel);
        RegisterComponents();
    }

    /// <summary>
    /// <paramref name="x"/> embedded source [B, S, D]; <paramref name="keyMask"/> [B, 1, 1, S], or null when every
    /// position is real (the vision model's patches).
    /// </summary>
    public override Tensor forward(Tensor x, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        foreach (var layer in layers) x = layer.call(x, keyMask!);
        return norm.call(x).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        // Every sub-module is registered, so the base class disposes them all.
        base.Dispose(disposing);
    }
}
