using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Cli.Commands;

/// <summary>The tasks of `--task` (train, eval, sweep) and how a command finds the task of a run folder.</summary>
internal static class TaskNames
{
    public const string Translation = RunConfigFile.TranslationTask;
    public const string Vision = VisionRunConfig.TaskName;

    /// <summary>
    /// The task a command works on: <paramref name="flag"/> when given (checked), else the task of the existing
    /// run in <paramref name="run"/>, else translation.
    /// </summary>
    public static string Resolve(string? flag, RunDirectory? run)
    {
        if (flag is not null)
        {
            if (flag is not (Translation or Vision))
                throw new UserInputException($"--task: '{flag}' is not one of {Translation}, {Vision}");
            return flag;
        }
        return run is not null && File.Exists(run.Config) ? RunConfigFile.TaskOf(run) : Translation;
    }
}
