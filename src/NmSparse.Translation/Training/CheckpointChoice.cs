using NmSparse.Recipes;

namespace NmSparse.Translation.Training;

/// <summary>
/// The checkpoint a command loads from a run folder: "last", or "best" — only ever a checkpoint with final masks
/// (<see cref="FinalMaskSteps"/>), i.e. at the target sparsity. Shared by every task's trained-model loader.
/// </summary>
public static class CheckpointChoice
{
    /// <summary>Reads and verifies the chosen checkpoint of <paramref name="run"/>, trained with <paramref name="recipe"/>.</summary>
    public static (CheckpointHeader Header, Dictionary<string, byte[]> Sections) Read(RunDirectory run,
        string checkpoint, IRecipe recipe)
    {
        string path = checkpoint switch
        {
            "last" => run.LastCheckpoint,
            "best" => run.BestCheckpoint,
            _ => throw new UserInputException($"--checkpoint: '{checkpoint}' is not one of last, best"),
        };
        var finalMasks = new FinalMaskSteps(recipe);
        if (checkpoint == "best" && !File.Exists(path))
            throw new UserInputException($"{path}: no best checkpoint yet (it is chosen among the validations " +
                $"with final masks, from step {finalMasks.First + 1} on); use --checkpoint last");
        var (header, sections) = CheckpointHeader.Read(path);
        if (checkpoint == "best" && !finalMasks.Contains(header.NextStep - 1))
            throw new UserInputException($"{path}: written at step {header.NextStep}, before the masks were final " +
                $"(from step {finalMasks.First + 1} on), by an older nmsparse; use --checkpoint last");
        return (header, sections);
    }
}
