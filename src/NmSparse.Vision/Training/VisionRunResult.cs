using NmSparse.Translation.Training;

namespace NmSparse.Vision.Training;

/// <summary>The outcome of a finished vision run (runs/NAME/result.json).</summary>
public sealed record VisionRunResult
{
    /// <summary>Always <see cref="VisionRunConfig.TaskName"/>.</summary>
    public string Task => VisionRunConfig.TaskName;

    public required string Recipe { get; init; }
    public required string Pattern { get; init; }
    public required string Preset { get; init; }
    public required int Seed { get; init; }
    public required long Steps { get; init; }

    /// <summary>Top-1 accuracy on the 10,000 test images, in percent, of the final model (masks baked in).</summary>
    public required double TestAccuracy { get; init; }

    /// <summary>Test images scored.</summary>
    public required int TestImages { get; init; }

    /// <summary>Top-1 accuracy on the whole valid split, in percent.</summary>
    public required double ValidAccuracy { get; init; }

    /// <summary>Mean cross-entropy (no label smoothing) on the whole valid split.</summary>
    public required double ValidLoss { get; init; }

    /// <summary>Steps trained when checkpoint-best.ckpt was written (best valid accuracy at final masks).</summary>
    public required long BestCheckpointStep { get; init; }

    /// <summary>The periodic validation accuracy (eval_images images) of that checkpoint.</summary>
    public required double BestCheckpointValidAccuracy { get; init; }

    /// <summary>Images trained on (steps × batch size).</summary>
    public required long TrainedImages { get; init; }

    /// <summary><see cref="TrainedImages"/> / <see cref="TrainingSeconds"/>.</summary>
    public required double ImagesPerSecond { get; init; }

    public required double TrainingSeconds { get; init; }
    public required double ValidationSeconds { get; init; }
    public required double CheckpointSeconds { get; init; }

    /// <summary>Time of the final evaluation (whole valid split and test split).</summary>
    public required double FinalEvalSeconds { get; init; }

    /// <summary>
    /// Training FLOPs: all of them, their dense equivalent and ratio, and the same for the sparsified layers (see
    /// <see cref="VitRemainderFlops"/> for what is counted).
    /// </summary>
    public required RunFlops Flops { get; init; }

    /// <summary>Every sparsified layer as trained in the last step (before the final masks were baked in).</summary>
    public required IReadOnlyList<LayerSummary> Layers { get; init; }

    public string? CodeVersion { get; init; }
}
