namespace NmSparse.Translation.Study;

/// <summary>
/// How a run launched by an <see cref="IRunLauncher"/> ended; for a failure its message, whether the run diverged
/// (non-finite loss, gradient or weight), and whether it crashed: died of something other than its input or its
/// numbers (an unhandled native error, e.g. TorchSharp 0.107's rare finalizer race on temporary scalars, which once
/// aborted a study run in c10::Scalar::toFloat), which <see cref="SweepRunner{TRun}"/> retries from the last
/// checkpoint because resuming is exact.
/// </summary>
public sealed record RunOutcome(RunEnd End, string? Message = null, bool Diverged = false, bool Crashed = false)
{
    public static RunOutcome Completed { get; } = new(RunEnd.Completed);
    public static RunOutcome Interrupted { get; } = new(RunEnd.Interrupted);

    public static RunOutcome Failed(string message, bool diverged, bool crashed = false) =>
        new(RunEnd.Failed, message, diverged, crashed && !diverged);
}
