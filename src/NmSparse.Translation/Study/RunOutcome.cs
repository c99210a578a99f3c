namespace NmSparse.Translation.Study;

/// <summary>How a run launched by an <see cref="IRunLauncher"/> ended; for a failure its message and whether the
/// run diverged (non-finite loss, gradient or weight).</summary>
public sealed record RunOutcome(RunEnd End, string? Message = null, bool Diverged = false)
{
    public static RunOutcome Completed { get; } = new(RunEnd.Completed);
    public static RunOutcome Interrupted { get; } = new(RunEnd.Interrupted);

    public static RunOutcome Failed(string message, bool diverged) => new(RunEnd.Failed, message, diverged);
}
