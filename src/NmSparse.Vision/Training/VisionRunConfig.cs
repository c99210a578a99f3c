using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Vision.Training;

/// <summary>
/// config.json of a vision run: the task name (<see cref="TaskName"/>, which tells eval and report it is a vision
/// run), the options, the recipe with its phases and the data folder. Written before the first step.
/// </summary>
public sealed record VisionRunConfig(VisionTrainingOptions Training, RecipeSettings Recipe, string DataDir)
{
    /// <summary>The task's name on the command line (<c>--task vit-fashion</c>) and in config.json.</summary>
    public const string TaskName = "vit-fashion";

    /// <summary>Always <see cref="TaskName"/> (serialized, so the run folder names its task).</summary>
    public string Task => TaskName;

    /// <summary>Writes config.json unless it exists (a saved run is kept as it is).</summary>
    public void Prepare(RunDirectory run)
    {
        if (File.Exists(run.Config)) return;
        Directory.CreateDirectory(run.Root);
        RunConfigFile.Save(run, this);
    }

    /// <summary>Reads config.json of a vision run (a run of another task is a one-line error).</summary>
    public static VisionRunConfig Load(RunDirectory run) => RunConfigFile.Load<VisionRunConfig>(run, TaskName);
}
