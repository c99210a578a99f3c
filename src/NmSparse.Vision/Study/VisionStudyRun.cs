using NmSparse.Translation.Study;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Vision.Study;

/// <summary>
/// One vision run folder of a study as found on disk: its cell, status, config and result, and for a failed run
/// the message of failed.json (written and read by <see cref="StudyRun"/>'s helpers, shared with translation).
/// </summary>
public sealed record VisionStudyRun(StudyCell Cell, RunDirectory Run, RunStatus Status, VisionRunConfig? Config,
    VisionRunResult? Result, string? Message, bool Diverged = false) : ISweepRun
{
    public long PlannedSteps => Config?.Training.Steps ?? 0;

    public TrainedRunResult? Finished => Result;

    /// <summary>Reads the folder of <paramref name="cell"/> (a missing folder is a pending run).</summary>
    public static VisionStudyRun Read(StudyCell cell, RunDirectory run)
    {
        var config = File.Exists(run.Config) ? VisionRunConfig.Load(run) : null;
        var (status, result, message, diverged) = StudyRun.ReadState<VisionRunResult>(run);
        return new VisionStudyRun(cell, run, status, config, result, message, diverged);
    }

    /// <summary>Reads a vision run folder made by `nmsparse train` anywhere (its cell comes from config.json).</summary>
    public static VisionStudyRun Read(RunDirectory run)
    {
        var config = VisionRunConfig.Load(run);
        return Read(StudyCell.Of(config.Recipe, config.Training.Seed), run);
    }
}
