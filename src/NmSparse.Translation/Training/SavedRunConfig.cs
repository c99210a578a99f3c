using NmSparse.Recipes;

namespace NmSparse.Translation.Training;

/// <summary>
/// config.json of a run: everything needed to rebuild its model and continue or evaluate it. Written before the
/// first step; --resume, eval and translate read it back.
/// </summary>
public sealed record SavedRunConfig(TrainingOptions Training, RecipeSettings Recipe, string DataDir)
{
    public void Save(RunDirectory run) => RunConfigFile.Save(run, this);

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

    /// <summary>Reads config.json of a translation run (a run of another task is a one-line error).</summary>
    public static SavedRunConfig Load(RunDirectory run) =>
        RunConfigFile.Load<SavedRunConfig>(run, RunConfigFile.TranslationTask);
}
