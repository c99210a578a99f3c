namespace NmSparse.Translation.Models;

/// <summary>
/// Shape of a <see cref="Seq2SeqTransformer"/>. The defaults are a small "base-like" translator that trains on a
/// 2-core CPU; <see cref="VocabSize"/> has no sensible default and must be set from the tokenizer.
/// Init-only properties (not a positional record) so YAML/JSON loaders can bind it and <c>with</c> can override it.
/// </summary>
public sealed record TransformerConfig
{
    /// <summary>
    /// Size of the joint source/target vocabulary (one embedding is shared by both sides and the output).
    /// </summary>
    public int VocabSize { get; init; }

    /// <summary>Model width d; must be even (sin/cos pairs) and divisible by <see cref="Heads"/>.</summary>
    public int DModel { get; init; } = 256;

    /// <summary>Attention heads per attention block.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Hidden width of the position-wise feed-forward block (ff1: d → FeedForward, ff2: back to d).</summary>
    public int FeedForward { get; init; } = 1024;

    public int EncoderLayers { get; init; } = 3;

    public int DecoderLayers { get; init; } = 3;

    /// <summary>Dropout on embeddings and on every sub-layer output before the residual add.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Dropout on attention probabilities; null means "same as <see cref="Dropout"/>".</summary>
    public double? AttentionDropout { get; init; }

    /// <summary>
    /// Gain on the Xavier-uniform init of the projections that write into the residual stream (attention out_proj
    /// and ff2); 1 is the plain Vaswani/fairseq init. Below 1 every sub-layer starts closer to the identity (cf.
    /// GPT-2's 1/√(2·layers) residual scaling), which speeds up early training of a pre-LN model.
    /// </summary>
    public double ResidualInitGain { get; init; } = 1.0;

    /// <summary>Longest sequence (source, or decoder input including BOS) the positional table covers.</summary>
    public int MaxLength { get; init; } = 256;

    public int PadId { get; init; }

    public int BosId { get; init; } = 2;

    public int EosId { get; init; } = 3;

    /// <summary>The attention dropout actually applied.</summary>
    public double EffectiveAttentionDropout => AttentionDropout ?? Dropout;

    /// <summary>Width of one attention head, DModel / Heads.</summary>
    public int HeadDim => DModel / Heads;

    /// <summary>Throws a one-line <see cref="UserInputException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Require(VocabSize >= 4, $"model.VocabSize must be at least 4, got {VocabSize}");
        Require(DModel >= 2 && DModel % 2 == 0, $"model.DModel must be a positive even number, got {DModel}");
        Require(Heads >= 1, $"model.Heads must be at least 1, got {Heads}");
        Require(DModel % Heads == 0, $"model.DModel ({DModel}) must be divisible by model.Heads ({Heads})");
        Require(FeedForward >= 1, $"model.FeedForward must be at least 1, got {FeedForward}");
        Require(EncoderLayers >= 1, $"model.EncoderLayers must be at least 1, got {EncoderLayers}");
        Require(DecoderLayers >= 1, $"model.DecoderLayers must be at least 1, got {DecoderLayers}");
        Require(Dropout is >= 0 and < 1, $"model.Dropout must be in [0, 1), got {Dropout}");
        Require(AttentionDropout is null or (>= 0 and < 1),
            $"model.AttentionDropout must be in [0, 1), got {AttentionDropout}");
        Require(ResidualInitGain > 0, $"model.ResidualInitGain must be positive, got {ResidualInitGain}");
        Require(MaxLength >= 2, $"model.MaxLength must be at least 2, got {MaxLength}");
        RequireId(nameof(PadId), PadId);
        RequireId(nameof(BosId), BosId);
        RequireId(nameof(EosId), EosId);
        Require(PadId != BosId && PadId != EosId && BosId != EosId,
            $"model.PadId ({PadId}), model.BosId ({BosId}) and model.EosId ({EosId}) must be distinct");
    }

    private void RequireId(string name, int id) =>
        Require(id >= 0 && id < VocabSize, $"model.{name} must be in [0, {VocabSize}), got {id}");

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new UserInputException(message);
    }
}
