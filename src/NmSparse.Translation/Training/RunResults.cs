using System.Text.Json;
using NmSparse.Translation.IO;
using NmSparse.Translation.Runtime;

namespace NmSparse.Translation.Training;

/// <summary>
/// result.json of a run, for a finished training run (<see cref="RunFinisher"/>) and a one-shot pruned one
/// (<see cref="Pruning.RunPruner"/>) alike: the recipe, its totals and its final scores.
/// </summary>
public static class RunResults
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The result of a run of <paramref name="recipe"/> at <paramref name="pattern"/>.</summary>
    public static RunResult Create(string recipe, string pattern, string preset, RunTotals totals,
        FinalScores scores, IReadOnlyList<LayerSummary> layers, string? codeVersion, MachineDescription? machine)
    {
        ArgumentNullException.ThrowIfNull(totals);
        ArgumentNullException.ThrowIfNull(scores);
        return new RunResult
        {
            Recipe = recipe,
            Pattern = pattern,
            Preset = preset,
            Steps = totals.Steps,
            TestBleu = scores.Test.Score,
            TestBleuLine = scores.Test.ToString(),
            TestBleuSignature = scores.Test.Signature,
            ValidLoss = scores.Valid.Loss,
            ValidPerplexity = scores.Valid.Perplexity,
            ValidBleu = scores.Valid.Bleu,
            BestCheckpointStep = totals.BestStep + 1,
            BestCheckpointValidBleu = totals.BestBleu,
            TargetTokens = totals.TargetTokens,
            TargetTokensPerSecond = totals.TargetTokens / Math.Max(totals.TrainingSeconds, 1e-9),
            TrainingSeconds = totals.TrainingSeconds,
            ValidationSeconds = totals.ValidationSeconds,
            CheckpointSeconds = totals.CheckpointSeconds,
            FinalValidSeconds = scores.ValidTime.TotalSeconds,
            TestDecodeSeconds = scores.TestTime.TotalSeconds,
            TrainingFlops = totals.Flops.Total,
            DenseTrainingFlops = totals.Flops.Dense,
            FlopRatioToDense = totals.Flops.RatioToDense,
            SparseLayerFlops = totals.Flops.SparseLayers,
            SparseLayerDenseFlops = totals.Flops.SparseLayersDense,
            SparseLayerFlopRatio = totals.Flops.SparseLayerRatio,
            Layers = layers,
            CodeVersion = codeVersion,
            Machine = machine,
        };
    }

    /// <summary>Writes <paramref name="result"/> (any task's) to <paramref name="path"/> (indented JSON, atomically).
    /// </summary>
    public static void Write(string path, TrainedRunResult result) =>
        AtomicFile.WriteText(path, JsonSerializer.Serialize(result, result.GetType(), Json));
}
