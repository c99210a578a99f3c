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
    public required double TargetTokensPerSecond { get; init; }
    public required double TrainingSeconds { get; init; }
    public required double TestDecodeSeconds { get; init; }
    public required long TrainingFlops { get; init; }
    public required long DenseTrainingFlops { get; init; }
    public required double FlopRatioToDense { get; init; }
    public required long SparseLayerFlops { get; init; }
    public required long SparseLayerDenseFlops { get; init; }
    public required double SparseLayerFlopRatio { get; init; }
    public required IReadOnlyList<LayerSummary> Layers { get; init; }
}

/// <summary>Per-layer state at the end of training.</summary>
public sealed record LayerSummary(string Name, string Pattern, double Density, double Beta);
