using System.Text.Json.Serialization;
using NmSparse.Translation.Training;

namespace NmSparse.Vision.Training;

/// <summary>The outcome of a finished vision run (runs/NAME/result.json).</summary>
public sealed record VisionRunResult : TrainedRunResult
{
    /// <summary>Always <see cref="VisionRunConfig.TaskName"/>.</summary>
    [JsonPropertyOrder(BeforeRecipe)]
    public string Task => VisionRunConfig.TaskName;

    [JsonPropertyOrder(BeforeSteps)]
    public required int Seed { get; init; }

    /// <summary>Top-1 accuracy on the 10,000 test images, in percent, of the final model (masks baked in).</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Test images scored.</summary>
    public required int TestImages { get; init; }

    /// <summary>Top-1 accuracy on the whole valid split, in percent.</summary>
    public required double ValidAccuracy { get; init; }

    /// <summary>Mean cross-entropy (no label smoothing) on the whole valid split.</summary>
    public required double ValidLoss { get; init; }

    /// <summary>The periodic validation accuracy (eval_images images) of the best checkpoint
    /// (<see cref="TrainedRunResult.BestCheckpointStep"/>).</summary>
    [JsonPropertyOrder(AfterBest)]
    public required double BestCheckpointValidAccuracy { get; init; }

    /// <summary>Images trained on (steps × batch size).</summary>
    [JsonPropertyOrder(AfterBest)]
    public required long TrainedImages { get; init; }

    /// <summary><see cref="TrainedImages"/> / <see cref="TrainingSeconds"/>.</summary>
    [JsonPropertyOrder(AfterBest)]
    public required double ImagesPerSecond { get; init; }

    /// <summary>Time of the final evaluation (whole valid split and test split).</summary>
    [JsonPropertyOrder(AfterTimes)]
    public required double FinalEvalSeconds { get; init; }

    /// <summary>
    /// Training FLOPs: all of them, their dense equivalent and ratio, and the same for the sparsified layers (see
    /// <see cref="VitRemainderFlops"/> for what is counted).
    /// </summary>
    [JsonPropertyOrder(AfterTimes)]
    public required RunFlops Flops { get; init; }

    /// <inheritdoc />
    public override double WallSeconds() => TrainingSeconds + ValidationSeconds + CheckpointSeconds + FinalEvalSeconds;
}
