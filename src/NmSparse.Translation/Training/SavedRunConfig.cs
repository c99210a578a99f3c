using System.Text.Json;
using NmSparse.Recipes;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Training;

/// <summary>
/// config.json of a run: everything needed to rebuild its model and continue or evaluate it. Written before the
/// first step; --resume, eval and translate read it back.
/// </summary>
public sealed record SavedRunConfig(TrainingOptions Training, RecipeSettings Recipe, string DataDir)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(RunDirectory run) => AtomicFile.WriteText(run.Config, JsonSerializer.Serialize(this, Json));

    /// <summary>
    /// Makes <paramref name="run"/> a run folder that `train --resume` starts from step 0: config.json and the
    /// corpus's spm.model. Does nothing when config.json exists (the saved run is kept as it is).
    /// </summary>
    public void Prepare(RunDirectory run)
    {
        if (File.Exists(run.Config)) return;
        Directory.CreateDirectory(run.Root);
        File.Copy(Path.Combine(DataDir, "spm.model"), run.Tokenizer, overwrite: true);
        Save(run);
    }

    public static SavedRunConfig Load(RunDirectory run)
    {
        if (!File.Exists(run.Config))
            throw new UserInputException(
                $"{run.Config}: not found; is {run.Root} a run folder made by `nmsparse train`?");
        try
        {
            return JsonSerializer.Deserialize<SavedRunConfig>(File.ReadAllText(run.Config), Json)
                ?? throw new UserInputException($"{run.Config}: empty run config");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{run.Config}:{e.LineNumber + 1}: invalid run config: {e.Message}");
        }
    }
}
