using System.Text.Json.Serialization;
using NmSparse.Translation.Runtime;

namespace NmSparse.Translation.Training;

/// <summary>
/// What result.json records for a finished run of any testbed task: the recipe, the steps, the best checkpoint,
/// where the time went, the layers as trained, the code version and the machine. The task's own result adds its
/// scores (translation: <see cref="RunResult"/>; vision has its own). The JSON keeps each task's order of keys: a
/// task's keys come where its <see cref="JsonPropertyOrderAttribute"/> puts them among these (its scores by
/// default after <see cref="Steps"/>).
/// </summary>
public abstract record TrainedRunResult
{
    /// <summary>
    /// Where a task's own keys may go: before Recipe, before Steps, after BestCheckpointStep, after the times (keys
    /// without an order come right after Steps).
    /// </summary>
    protected const int BeforeRecipe = -50, BeforeSteps = -15, AfterBest = 20, AfterTimes = 40;

    [JsonPropertyOrder(-40)] public required string Recipe { get; init; }
    [JsonPropertyOrder(-30)] public required string Pattern { get; init; }
    [JsonPropertyOrder(-20)] public required string Preset { get; init; }
    [JsonPropertyOrder(-10)] public required long Steps { get; init; }

    /// <summary>
    /// Steps trained when checkpoint-best.ckpt was written: the best periodic validation (BLEU, accuracy) among the
    /// steps with final masks (<see cref="FinalMaskSteps"/>), i.e. at the target sparsity.
    /// </summary>
    [JsonPropertyOrder(10)]
    public required long BestCheckpointStep { get; init; }

    /// <summary>Time in training steps only: forward, backward, optimizer, masks, logging, divergence checks.
    /// </summary>
    [JsonPropertyOrder(30)]
    public required double TrainingSeconds { get; init; }

    /// <summary>Time in the periodic validations during training.</summary>
    [JsonPropertyOrder(30)]
    public required double ValidationSeconds { get; init; }

    /// <summary>Time writing checkpoints.</summary>
    [JsonPropertyOrder(30)]
    public required double CheckpointSeconds { get; init; }

    /// <summary>Every sparsified layer as trained in the last step (before the final masks were baked in).</summary>
    [JsonPropertyOrder(50)]
    public required IReadOnlyList<LayerSummary> Layers { get; init; }

    /// <summary>The git commit the trainer was built from (<see cref="Training.CodeVersion"/>), or null.</summary>
    [JsonPropertyOrder(60)]
    public string? CodeVersion { get; init; }

    /// <summary>
    /// The machine the run was finished on (<see cref="MachineDescription.Current"/>); null in result.json files
    /// written before it was recorded.
    /// </summary>
    [JsonPropertyOrder(70)]
    public MachineDescription? Machine { get; init; }

    /// <summary>Total wall time: training, validation, checkpoints and the final evaluation.</summary>
    public abstract double WallSeconds();
}
