using System.Text.Json;
using System.Text.Json.Serialization;
using NmSparse.Flops;

namespace NmSparse.Translation.Training;

/// <summary>What a checkpoint records besides the model and optimizer state.</summary>
/// <param name="NextStep">The first step a resumed run executes.</param>
/// <param name="TrainingSeconds">Time spent in training steps so far, over all sessions (no validation, no
/// checkpoint writes).</param>
/// <param name="TrainedItems">Items trained on so far: target tokens (translation), images (vision); stored as
/// "TargetTokens", its name before the vision task.</param>
/// <param name="SparseFlops">Totals of the sparsified layers' FLOP accountant.</param>
/// <param name="OtherFlops">FLOPs of the parts that stay dense (embeddings/output projection, attention).</param>
/// <param name="BestScore">Best validation score at final masks so far (BLEU, accuracy; −1 before the first such
/// validation); stored as "BestBleu".</param>
/// <param name="BestStep">Step of <paramref name="BestScore"/> (counted from 0).</param>
/// <param name="ValidationSeconds">Time spent in periodic validation so far.</param>
/// <param name="CheckpointSeconds">Time spent writing checkpoints before this one.</param>
public sealed record CheckpointHeader(
    long NextStep, double TrainingSeconds, [property: JsonPropertyName("TargetTokens")] long TrainedItems,
    FlopTotalsSnapshot SparseFlops, long OtherFlops, [property: JsonPropertyName("BestBleu")] double BestScore,
    long BestStep, double ValidationSeconds, double CheckpointSeconds)
{
    /// <summary>Reads and verifies a checkpoint: its header and its binary sections (model, optimizer).</summary>
    public static (CheckpointHeader Header, Dictionary<string, byte[]> Sections) Read(string path)
    {
        var (json, sections) = CheckpointFile.Read(path);
        return (Parse(json, path), sections);
    }

    /// <summary>The header alone, unverified (<see cref="CheckpointFile.PeekHeader"/>).</summary>
    public static CheckpointHeader Peek(string path) => Parse(CheckpointFile.PeekHeader(path), path);

    private static CheckpointHeader Parse(string json, string path) =>
        JsonSerializer.Deserialize<CheckpointHeader>(json)
        ?? throw new UserInputException($"{path}: checkpoint header is empty");
}
