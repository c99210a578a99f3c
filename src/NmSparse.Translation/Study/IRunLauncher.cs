namespace NmSparse.Translation.Study;

/// <summary>
/// How a <see cref="SweepRunner"/> trains its runs: <see cref="InProcessRunLauncher"/> one at a time in this
/// process, or a launcher that starts each run in its own process (the CLI's child processes) and so can train
/// several at once. libtorch's random generator and thread count are process-wide, so runs trained at the same time
/// must be separate processes to stay deterministic.
/// </summary>
public interface IRunLauncher
{
    /// <summary>How many runs it trains at once (at least 1).</summary>
    int Jobs { get; }

    /// <summary>
    /// Trains <paramref name="job"/> until it finishes or fails; when <paramref name="cancel"/> fires the run is
    /// stopped (left resumable) and the task ends with <see cref="RunOutcome.Interrupted"/>. Never faults for a
    /// failure of the run itself: that is a <see cref="RunEnd.Failed"/> outcome.
    /// </summary>
    Task<RunOutcome> Train(RunJob job, CancellationToken cancel);
}
