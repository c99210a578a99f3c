using NmSparse.Translation.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Vision.Models;

/// <summary>
/// A small Vision Transformer (Dosovitskiy et al. 2021, "An Image is Worth 16x16 Words"): non-overlapping patches
/// (or, with <see cref="VitConfig.PatchOverlap"/>, windows reaching into their neighbours) flattened and embedded by
/// one Linear (<c>patch_embed</c>, the same as a stride-P convolution; with <see cref="VitConfig.StemChannels"/> the
/// patches are cut from the feature maps of a 3 × 3 convolution and ReLU, <c>stem</c>), a learned class
/// token (<c>cls_token</c>) in front, learned positions (<c>pos_embed</c>), the translation model's pre-LayerNorm
/// encoder (<see cref="EncoderStack"/>: blocks with ReLU feed-forward and a final LayerNorm) and a Linear
/// <c>head</c> on the class token's output (or, with <see cref="VitConfig.Pool"/> <c>mean</c>, on the mean of the patch
/// tokens' outputs).
/// </summary>
/// <remarks>
/// Sparsifiable projections carry the translation model's names and roles: <c>encoder.layers.{i}.self_attn.
/// {q,k,v,out}_proj</c> and <c>encoder.layers.{i}.ff1/ff2</c>. <c>patch_embed</c> and <c>head</c> are Linear layers
/// too (no role); the vision presets keep them dense.
/// </remarks>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // registered names; patch_embed and head may be swapped by the Sparsifier
    private readonly Conv2d? stem;
    private nn.Module<Tensor, Tensor> patch_embed;
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly EncoderStack encoder;
    private nn.Module<Tensor, Tensor> head;
#pragma warning restore IDE1006

    private readonly GemmPrecision _precision = new();

    /// <summary>
    /// Builds the model: Xavier-uniform Linear weights with zero biases, class token and positions from
    /// N(0, 0.02²), LayerNorm at (1, 0). Randomness comes from the global generator (seed it first).
    /// </summary>
    public VisionTransformer(VitConfig config) : base(nameof(VisionTransformer))
    {
        config.Validate();
        Config = config;
        stem = config.StemChannels > 0
            ? nn.Conv2d(config.Channels, config.StemChannels, VitConfig.StemKernel, padding: VitConfig.StemKernel / 2)
            : null;
        patch_embed = ModelInit.Linear(config.PatchInputs, config.DModel);
        cls_token = nn.Parameter(randn(1, 1, config.DModel).mul_(0.02));
        pos_embed = nn.Parameter(randn(1, config.Tokens, config.DModel).mul_(0.02));
        encoder = new EncoderStack(config.Encoder, _precision);
        head = ModelInit.Linear(config.DModel, config.Classes);
        RegisterComponents();
    }

    public VitConfig Config { get; }

    /// <summary>Precision of the matrix products in training mode (see <see cref="GemmPrecision"/>).</summary>
    public ComputePrecision Precision
    {
        get => _precision.Precision;
        set => _precision.Precision = value;
    }

    /// <summary>Class logits [B, Classes] (float32) of images [B, Channels, ImageSize, ImageSize] (float32).</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        long batch = images.shape[0];
        var maps = stem is null ? images : nn.functional.relu(stem.call(images));
        var tokens = _precision.Project(patch_embed, Patchify(maps), training);
        var x = cat([cls_token.expand(batch, 1, Config.DModel), tokens.to_type(ScalarType.Float32)], 1)
            .add(pos_embed, KeptScalars.One);
        x = ModelInit.Dropout(x, Config.Dropout, training);
        var encoded = encoder.call(x, null!); // no padding: every token is real
        var logits = _precision.Project(head, Pooled(encoded), training);
        return logits.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// [B, C, H, W] → [B, patches, C·W·W] (C = PatchChannels) with W = P + 2·overlap: patches in row-major order, each flattened
    /// channel, then row, then column (the order of a convolution's weight with kernel W, stride P, padding
    /// overlap). Without overlap the windows are the image's P × P tiles.
    /// </summary>
    public Tensor Patchify(Tensor images)
    {
        int p = Config.PatchSize, side = Config.ImageSize / p;
        if (Config.PatchOverlap == 0)
            return images.view(images.shape[0], Config.PatchChannels, side, p, side, p)
                .permute(0, 2, 4, 1, 3, 5)
                .reshape(images.shape[0], Config.Patches, Config.PatchInputs);
        int o = Config.PatchOverlap, window = Config.PatchWindow;
        return nn.functional.pad(images, [o, o, o, o])
            .unfold(2, window, p).unfold(3, window, p) // [B, C, side, side, W, W]
            .permute(0, 2, 3, 1, 4, 5)
            .reshape(images.shape[0], Config.Patches, Config.PatchInputs);
    }

    /// <summary>
    /// The head's input [B, d] from the encoder's output [B, Tokens, d]: the class token's row (token 0) for
    /// <c>cls</c>, the mean over the patch tokens (1 … Patches) for <c>mean</c>.
    /// </summary>
    public Tensor Pooled(Tensor encoded) => Config.Pool == VitConfig.MeanPool
        ? encoded.narrow(1, 1, encoded.shape[1] - 1).mean([1])
        : encoded.select(1, 0);

    protected override void Dispose(bool disposing)
    {
        // Every sub-module and parameter is registered, so the base class disposes them all.
        base.Dispose(disposing);
    }
}
