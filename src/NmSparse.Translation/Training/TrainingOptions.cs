using NmSparse.Translation.Data;
using NmSparse.Translation.Models;

namespace NmSparse.Translation.Training;

/// <summary>
/// Everything that defines a translation training run apart from the recipe: the shared
/// <see cref="TrainerOptions"/> plus model shape, token batches, the learning-rate tail and decoding. A preset
/// supplies the defaults; a YAML file and --set overrides change single keys. Saved in the run directory and in
/// every checkpoint.
/// </summary>
public sealed record TrainingOptions : TrainerOptions
{
    /// <summary>
    /// Transformer shape (pre-LayerNorm encoder-decoder, shared embeddings). Vocabulary size and special ids come
    /// from the tokenizer when the model is built.
    /// </summary>
    public TransformerConfig Model { get; init; } = new();

    /// <summary>
    /// Size of the subword vocabulary the run expects its data folder's tokenizer to have (`nmsparse data
    /// --vocab-size`); null takes whatever the data has. A preset tuned with one vocabulary names it, so a run on
    /// another tokenizer is an error rather than a silently different model.
    /// </summary>
    public int? SubwordVocab { get; init; }

    // Adam(0.9, 0.98, 1e-9) with inverse-square-root warm-up over length-bucketed token batches.
    public int BatchTokens { get; init; } = 4096;

    /// <summary>Share of the run at its end over which the learning rate cools down linearly (0 = none).</summary>
    public double LrDecayTail { get; init; }

    /// <summary>Training pairs whose source or target is longer than this (in subwords) are left out.</summary>
    public int MaxTokens { get; init; } = 128;

    public int EvalSentences { get; init; } = 500;
    public int Beam { get; init; } = 1;

    /// <inheritdoc/>
    public override void Validate()
    {
        (Model with { VocabSize = Math.Max(Model.VocabSize, 4) }).Validate();
        Require(SubwordVocab is null or >= 8, "subword_vocab", "must be at least 8");
        Require(BatchTokens >= 16, "batch_tokens", "must be at least 16");
        Require(LrDecayTail is >= 0 and <= 1, "lr_decay_tail", "must be in [0, 1]");
        Require(MaxTokens >= 4, "max_tokens", "must be at least 4");
        Require(EvalSentences > 0, "eval_sentences", "must be positive");
        Require(Beam >= 1, "beam", "must be at least 1");
        ValidateShared();
    }

    /// <summary>
    /// The data folder a run uses when none is given: data/en-de (`nmsparse data`'s default, 8000 subwords), or
    /// data/en-de-v{N} for another <see cref="SubwordVocab"/> N.
    /// </summary>
    public string DefaultDataFolder() =>
        SubwordVocab is null or DataBuildOptions.DefaultVocabSize ? "data/en-de" : $"data/en-de-v{SubwordVocab}";

    /// <summary>
    /// Throws a one-line <see cref="UserInputException"/> when <see cref="SubwordVocab"/> is set and the data's
    /// tokenizer (<paramref name="dataDir"/>) has another size, naming the command that builds the right one.
    /// </summary>
    public void CheckSubwordVocab(int tokenizerVocab, string dataDir)
    {
        if (SubwordVocab is not { } wanted || wanted == tokenizerVocab) return;
        throw new UserInputException(
            $"{dataDir}: its tokenizer has {tokenizerVocab} subwords, but this run (preset {Preset}) is set for " +
            $"subword_vocab {wanted}: build it with `nmsparse data --vocab-size {wanted} --out {DefaultDataFolder()}`" +
            $" and pass --data {DefaultDataFolder()}, or --set subword_vocab={tokenizerVocab}");
    }

    /// <summary>The learning-rate schedule of the run: warm-up, inverse-sqrt decay, optional linear tail.</summary>
    public InverseSqrtSchedule LearningRateSchedule() =>
        new(LearningRate, WarmupSteps, Steps, (long)Math.Round(LrDecayTail * Steps));
}
