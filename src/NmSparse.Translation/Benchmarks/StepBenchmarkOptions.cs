using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Benchmarks;

/// <summary>
/// What <see cref="StepBenchmark"/> times: the model and layer selection of <see cref="Training"/> (a preset),
/// the recipe, a fixed batch shape of random tokens and the number of steps.
/// </summary>
public sealed record StepBenchmarkOptions
{
    /// <summary>Name of <see cref="ReferenceTraining"/> among the presets <see cref="TrainingFor"/> takes.</summary>
    public const string ReferencePreset = "reference";

    /// <summary>Every name <see cref="TrainingFor"/> takes: <see cref="ReferencePreset"/> and the training presets.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = [ReferencePreset, .. TrainingPresets.Names];

    /// <summary>Model shape, optimisation and precision; default <see cref="ReferenceTraining"/>.</summary>
    public TrainingOptions Training { get; init; } = ReferenceTraining();

    /// <summary>
    /// The model bench/pytorch/step_bench.py builds (d 256, 4 heads, FF 1024, 3 + 3 layers; the study preset's shape
    /// until session 16) with the study preset's optimisation and precision: the default, so that the two stacks time
    /// the same model whatever the presets become.
    /// </summary>
    public static TrainingOptions ReferenceTraining()
    {
        var study = TrainingPresets.Get("study");
        return study with
        {
            Preset = ReferencePreset, SubwordVocab = null,
            Model = study.Model with { DModel = 256, Heads = 4, FeedForward = 1024, EncoderLayers = 3, DecoderLayers = 3 },
        };
    }

    /// <summary><see cref="ReferenceTraining"/> or a training preset by name; a one-line error for other names.</summary>
    public static TrainingOptions TrainingFor(string preset)
    {
        if (preset == ReferencePreset) return ReferenceTraining();
        if (!TrainingPresets.Names.Contains(preset))
            throw new UserInputException($"unknown preset '{preset}' (valid: {string.Join(", ", PresetNames)})");
        return TrainingPresets.Get(preset);
    }

    /// <summary>Recipe and N:M target; its phases come from <see cref="Training"/> as in a run.</summary>
    public RecipeSettings Recipe { get; init; } = new() { Recipe = "dense" };

    /// <summary>Joint vocabulary size (the corpus' SentencePiece model has 8000).</summary>
    public int VocabSize { get; init; } = 8000;

    public int Batch { get; init; } = 64;
    public int SourceLength { get; init; } = 30;

    /// <summary>Decoder input length (= predicted target tokens per sentence).</summary>
    public int TargetLength { get; init; } = 30;

    /// <summary>Timed steps, after <see cref="WarmupSteps"/> untimed ones.</summary>
    public int Steps { get; init; } = 20;

    public int WarmupSteps { get; init; } = 3;

    /// <summary>Also time the parts of each step (see StepBenchmark.PartNames).</summary>
    public bool Profile { get; init; }

    /// <summary>Throws a one-line <see cref="UserInputException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        Require(VocabSize >= 8, nameof(VocabSize), "must be at least 8");
        Require(Batch >= 1, nameof(Batch), "must be at least 1");
        Require(SourceLength >= 1, nameof(SourceLength), "must be at least 1");
        Require(TargetLength >= 1, nameof(TargetLength), "must be at least 1");
        Require(Steps >= 1, nameof(Steps), "must be at least 1");
        Require(WarmupSteps >= 0, nameof(WarmupSteps), "must not be negative");
        Training.Validate();
        Training.WithPhases(Recipe).Validate();
    }

    private static void Require(bool ok, string setting, string what)
    {
        if (!ok) throw new UserInputException($"StepBenchmarkOptions.{setting} {what}");
    }
}
