using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// One cell's run folder as a sweep sees it, for any task: the cell, its folder, its status (for a failed run the
/// message and whether it diverged), the steps its config plans and, when done, its result.
/// </summary>
public interface ISweepRun : IScoredRun
{
    RunDirectory Run { get; }
    string? Message { get; }
    bool Diverged { get; }

    /// <summary>The steps config.json plans (0 before it is written).</summary>
    long PlannedSteps { get; }

    /// <summary>result.json of a finished run; null otherwise.</summary>
    TrainedRunResult? Finished { get; }
}
