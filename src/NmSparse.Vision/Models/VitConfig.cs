using NmSparse.Translation.Models;

namespace NmSparse.Vision.Models;

/// <summary>
/// Shape of a <see cref="VisionTransformer"/>: square images cut into square patches, a class token, learned
/// positions, <see cref="Layers"/> pre-LayerNorm encoder blocks (the translation model's, see
/// <see cref="EncoderLayer"/>) and a linear head on the class token. Init-only properties so the config loaders
/// can bind it.
/// </summary>
public sealed record VitConfig
{
    /// <summary>Image side in pixels (Fashion-MNIST: 28).</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Colour channels (grey scale: 1).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Patch side in pixels; must divide <see cref="ImageSize"/>.</summary>
    public int PatchSize { get; init; } = 4;

    /// <summary>
    /// Pixels each patch reaches into its neighbours on every side (zero padding at the image border): the patch
    /// embedding then sees (PatchSize + 2·PatchOverlap)² pixels per channel while the patches still step by
    /// PatchSize, so the token count is unchanged (an overlapping patch embedding, as a convolution with kernel
    /// P + 2·o, stride P and padding o). 0 is the original ViT's non-overlapping patches.
    /// </summary>
    public int PatchOverlap { get; init; }

    /// <summary>
    /// Output channels of a convolutional stem in front of the patches: a 3 × 3 convolution (stride 1, padding 1)
    /// and a ReLU turn the image into this many feature maps of the same size, whose patches the patch embedding
    /// then embeds (a small "early convolution", Xiao et al. 2021, "Early Convolutions Help Transformers See
    /// Better"). 0: no stem, the original ViT's linear patch embedding of the pixels.
    /// </summary>
    public int StemChannels { get; init; }

    /// <summary>Side of the stem's convolution kernel.</summary>
    public const int StemKernel = 3;

    public int Classes { get; init; } = 10;

    /// <summary>Model width d; divisible by <see cref="Heads"/>.</summary>
    public int DModel { get; init; } = 128;

    public int Heads { get; init; } = 4;

    /// <summary>Hidden width of each block's feed-forward part (ff1: d → FeedForward, ff2: back to d).</summary>
    public int FeedForward { get; init; } = 256;

    public int Layers { get; init; } = 4;

    /// <summary>Dropout on the embedded patches and on every sub-layer output before the residual add.</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// Gain of the Xavier init of the two projections of each block that write into the residual stream (attention
    /// <c>out_proj</c> and <c>ff2</c>); 1 is plain Xavier (see the translation model's key of the same name).
    /// </summary>
    public double ResidualInitGain { get; init; } = 1.0;

    /// <summary>
    /// What the head reads: <c>cls</c> (the class token's output, the original ViT) or <c>mean</c> (the mean of the
    /// patch tokens' outputs, global average pooling).
    /// </summary>
    public string Pool { get; init; } = ClassTokenPool;

    public const string ClassTokenPool = "cls";
    public const string MeanPool = "mean";

    /// <summary>Patches per image, (ImageSize / PatchSize)².</summary>
    public int Patches => (ImageSize / PatchSize) * (ImageSize / PatchSize);

    /// <summary>Sequence length of the encoder: the patches and the class token.</summary>
    public int Tokens => Patches + 1;

    /// <summary>Side of the pixel window each patch token embeds: PatchSize + 2·PatchOverlap.</summary>
    public int PatchWindow => PatchSize + 2 * PatchOverlap;

    /// <summary>Channels of the maps the patches are cut from: <see cref="StemChannels"/> with a stem, else the image's.</summary>
    public int PatchChannels => StemChannels > 0 ? StemChannels : Channels;

    /// <summary>Inputs of the patch embedding: PatchChannels · PatchWindow².</summary>
    public int PatchInputs => PatchChannels * PatchWindow * PatchWindow;

    /// <summary>The encoder blocks' shape in the translation model's terms.</summary>
    public TransformerConfig Encoder => new()
    {
        VocabSize = 4, DModel = DModel, Heads = Heads, FeedForward = FeedForward, EncoderLayers = Layers,
        DecoderLayers = 1, Dropout = Dropout, MaxLength = Tokens, ResidualInitGain = ResidualInitGain,
    };

    /// <summary>Throws a one-line <see cref="UserInputException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Require(ImageSize >= 1 && Channels >= 1 && Classes >= 2, "model.image_size/channels/classes",
            $"must be positive (at least 2 classes), got {ImageSize}/{Channels}/{Classes}");
        Require(PatchSize >= 1 && ImageSize % PatchSize == 0, "model.patch_size",
            $"{PatchSize} must divide model.image_size {ImageSize}");
        Require(PatchOverlap >= 0 && PatchOverlap < PatchSize, "model.patch_overlap",
            $"must be in [0, model.patch_size {PatchSize}), got {PatchOverlap}");
        Require(DModel >= 2 && Heads >= 1 && DModel % Heads == 0, "model.d_model",
            $"{DModel} must be positive and divisible by model.heads {Heads}");
        Require(FeedForward >= 1, "model.feed_forward", $"must be at least 1, got {FeedForward}");
        Require(Layers >= 1, "model.layers", $"must be at least 1, got {Layers}");
        Require(Dropout is >= 0 and < 1, "model.dropout", $"must be in [0, 1), got {Dropout}");
        Require(ResidualInitGain > 0, "model.residual_init_gain", $"must be positive, got {ResidualInitGain}");
        Require(StemChannels >= 0, "model.stem_channels", $"must not be negative (0: no stem), got {StemChannels}");
        Require(Pool is ClassTokenPool or MeanPool, "model.pool",
            $"must be {ClassTokenPool} or {MeanPool}, got '{Pool}'");
    }

    private static void Require(bool ok, string key, string what)
    {
        if (!ok) throw new UserInputException($"training option '{key}' {what}");
    }
}
