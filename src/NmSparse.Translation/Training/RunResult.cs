namespace NmSparse.Translation.Training;

/// <summary>The outcome of a finished run (runs/NAME/result.json).</summary>
public sealed record RunResult
{
    public required string Recipe { get; init; }
    public required string Pattern { get; init; }
    public required string Preset { get; init; }
    public required long Steps { get; init; }
    public required double TestBleu { get; init; }
    public required string TestBleuLine { get; init; }
    public required string TestBleuSignature { get; init; }
    public required double ValidLoss { get; init; }
    public required double ValidPerplexity { get; init; }
    public required double ValidBleu { get; init; }

    /// <summary>
    /// Steps trained when checkpoint-best.ckpt was written: the best validation among the steps with final masks
    /// (<see cref="FinalMaskSteps"/>), i.e. at the target sparsity.
    /// </summary>
    public required long BestCheckpointStep { get; init; }

    /// <summary>The validation BLEU (eval_sentences pairs, greedy) of that checkpoint.</summary>
    public required double BestCheckpointValidBleu { get; init; }

    /// <summary>Non-padding target tokens trained on.</summary>
    public required long TargetTokens { get; init; }

    /// <summary><see cref="TargetTokens"/> / <see cref="TrainingSeconds"/>.</summary>
    public required double TargetTokensPerSecond { get; init; }

    /// <summary>Time in training steps only: forward, backward, optimizer, masks, logging, divergence checks.
    /// </summary>
    public required double TrainingSeconds { get; init; }

    /// <summary>Time in the periodic validations during training (loss and greedy decoding).</summary>
    public required double ValidationSeconds { get; init; }

    /// <summary>Time writing checkpoints.</summary>
    public required double CheckpointSeconds { get; init; }

    /// <summary>Time of the final evaluation on the whole validation split.</summary>
    public required double FinalValidSeconds { get; init; }

    /// <summary>Time decoding the test split.</summary>
    public required double TestDecodeSeconds { get; init; }

    public required long TrainingFlops { get; init; }
    public required long DenseTrainingFlops { get; init; }
    public required double FlopRatioToDense { get; init; }

    /// <summary>Training FLOPs of the sparsified layers only (layers kept dense are not in here).</summary>
    public required long SparseLayerFlops { get; init; }

    /// <summary>What training the sparsified layers dense would have cost.</summary>
    public required long SparseLayerDenseFlops { get; init; }

    /// <summary><see cref="SparseLayerFlops"/> / <see cref="SparseLayerDenseFlops"/>.</summary>
    public required double SparseLayerFlopRatio { get; init; }

    /// <summary>Every sparsified layer as trained in the last step (before the final masks were baked in).</summary>
    public required IReadOnlyList<LayerSummary> Layers { get; init; }

    /// <summary>The git commit the trainer was built from (<see cref="Training.CodeVersion"/>), or null.</summary>
    public string? CodeVersion { get; init; }
}

/// <summary>A sparsified layer in the last training step: its N:M, mask density and β.</summary>
public sealed record LayerSummary(string Name, string Pattern, double Density, double Beta);
