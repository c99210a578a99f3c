using System.Text.Json.Serialization;

namespace NmSparse.Translation.Training;

/// <summary>The outcome of a finished translation run (runs/NAME/result.json).</summary>
public sealed record RunResult : TrainedRunResult
{
    public required double TestBleu { get; init; }
    public required string TestBleuLine { get; init; }
    public required string TestBleuSignature { get; init; }
    public required double ValidLoss { get; init; }
    public required double ValidPerplexity { get; init; }
    public required double ValidBleu { get; init; }

    /// <summary>The validation BLEU (eval_sentences pairs, greedy) of the best checkpoint
    /// (<see cref="TrainedRunResult.BestCheckpointStep"/>).</summary>
    [JsonPropertyOrder(AfterBest)]
    public required double BestCheckpointValidBleu { get; init; }

    /// <summary>Non-padding target tokens trained on.</summary>
    [JsonPropertyOrder(AfterBest)]
    public required long TargetTokens { get; init; }

    /// <summary><see cref="TargetTokens"/> / <see cref="TrainingSeconds"/>.</summary>
    [JsonPropertyOrder(AfterBest)]
    public required double TargetTokensPerSecond { get; init; }

    /// <summary>Time of the final evaluation on the whole validation split.</summary>
    [JsonPropertyOrder(AfterTimes)]
    public required double FinalValidSeconds { get; init; }

    /// <summary>Time decoding the test split.</summary>
    [JsonPropertyOrder(AfterTimes)]
    public required double TestDecodeSeconds { get; init; }

    [JsonPropertyOrder(AfterTimes)]
    public required long TrainingFlops { get; init; }
    [JsonPropertyOrder(AfterTimes)]
    public required long DenseTrainingFlops { get; init; }
    [JsonPropertyOrder(AfterTimes)]
    public required double FlopRatioToDense { get; init; }

    /// <summary>Training FLOPs of the sparsified layers only (layers kept dense are not in here).</summary>
    [JsonPropertyOrder(AfterTimes)]
    public required long SparseLayerFlops { get; init; }

    /// <summary>What training the sparsified layers dense would have cost.</summary>
    [JsonPropertyOrder(AfterTimes)]
    public required long SparseLayerDenseFlops { get; init; }

    /// <summary><see cref="SparseLayerFlops"/> / <see cref="SparseLayerDenseFlops"/>.</summary>
    [JsonPropertyOrder(AfterTimes)]
    public required double SparseLayerFlopRatio { get; init; }

    /// <inheritdoc />
    public override double WallSeconds() =>
        TrainingSeconds + ValidationSeconds + CheckpointSeconds + FinalValidSeconds + TestDecodeSeconds;
}

/// <summary>A sparsified layer in the last training step: its N:M, mask density and β.</summary>
public sealed record LayerSummary(string Name, string Pattern, double Density, double Beta);
