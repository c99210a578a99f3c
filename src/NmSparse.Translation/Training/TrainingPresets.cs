using NmSparse.Translation.Models;
using NmSparse.Translation.Runtime;

namespace NmSparse.Translation.Training;

/// <summary>
/// Named starting points. Sizes were chosen by measuring throughput on a 2-core CPU (see README):
/// tiny runs in seconds (tests), quick is the README's ~10-minute job, study (~30 minutes) compares recipes,
/// base is Transformer-base (6+6 layers, d=512) for a GPU.
/// </summary>
public static class TrainingPresets
{
    public static IReadOnlyList<string> Names { get; } = ["tiny", "quick", "study", "base"];

    public static TrainingOptions Get(string name) => name switch
    {
        "tiny" => new TrainingOptions
        {
            Preset = "tiny", Model = new TransformerConfig
            {
                DModel = 32, Heads = 2, FeedForward = 64,
                EncoderLayers = 1, DecoderLayers = 1, Dropout = 0.0,
            },
            Steps = 40, BatchTokens = 256, LearningRate = 3e-3, WarmupSteps = 10,
            EvalEvery = 20, EvalSentences = 20, CheckpointEvery = 10, LogEvery = 5, MaxTokens = 64,
        },
        "quick" => new TrainingOptions
        {
            // Sized for BLEU per CPU-minute (docs/performance.md, "Preset tuning", session 15): at ~10 minutes of 2
            // CPU cores a narrow model that takes ~3× the steps learns faster than the d 256 one of the study preset
            // (valid BLEU 5.6 against 3.7 at equal time), and a 4,000-subword vocabulary makes each step cheaper.
            // Under one epoch of data: no dropout; small batches buy many updates. Residual branches start at 0.3 of
            // the Xavier init; GEMMs run in bf16 with fp32 masters where the CPU has native bf16, else fp32 (auto).
            Preset = "quick", SubwordVocab = 4000, Model = new TransformerConfig
            {
                DModel = 128, Heads = 4, FeedForward = 512,
                EncoderLayers = 3, DecoderLayers = 3, Dropout = 0.0, ResidualInitGain = 0.3,
            },
            Steps = 3000, BatchTokens = 1024, LearningRate = 3e-3, WarmupSteps = 400, Precision = PrecisionChoice.Auto,
            EvalEvery = 1500, EvalSentences = 200, CheckpointEvery = 200, LogEvery = 20,
        },
        // About 30 minutes on 2 CPU cores (docs/performance.md, "Session 16: the study preset"): at this budget a d 192
        // model with 4,000 subwords and the quick preset's peak rate led the d 256 one at equal training time (valid
        // BLEU 8.9 against 8.1 after 21 minutes of one core each), and a linear cool-down over the last 30 % of the
        // steps ends the run at a learning rate of zero. Spelled out in full rather than derived from quick, so tuning
        // quick never changes the study's runs (a sweep refuses run folders whose config no longer matches).
        "study" => new TrainingOptions
        {
            Preset = "study", SubwordVocab = 4000, Model = new TransformerConfig
            {
                DModel = 192, Heads = 4, FeedForward = 768,
                EncoderLayers = 3, DecoderLayers = 3, Dropout = 0.0, ResidualInitGain = 0.3,
            },
            Steps = 6300, BatchTokens = 1536, LearningRate = 3e-3, WarmupSteps = 400, LrDecayTail = 0.3,
            Precision = PrecisionChoice.Auto,
            EvalEvery = 900, EvalSentences = 300, CheckpointEvery = 200, LogEvery = 20,
        },
        "base" => new TrainingOptions
        {
            Preset = "base", Model = new TransformerConfig
            {
                DModel = 512, Heads = 8, FeedForward = 2048,
                EncoderLayers = 6, DecoderLayers = 6, Dropout = 0.1,
            },
            Steps = 100_000, BatchTokens = 25_000, LearningRate = 7e-4, WarmupSteps = 4000,
            EvalEvery = 2000, EvalSentences = 1000, CheckpointEvery = 1000, LogEvery = 50, Device = "auto",
        },
        _ => throw new UserInputException($"unknown preset '{name}' (valid: {string.Join(", ", Names)})"),
    };
}
