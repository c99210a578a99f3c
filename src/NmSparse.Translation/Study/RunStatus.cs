namespace NmSparse.Translation.Study;

/// <summary>Where one run of a study stands.</summary>
public enum RunStatus
{
    /// <summary>Not started (no checkpoint).</summary>
    Pending,

    /// <summary>Started: checkpoint-last.ckpt present, no result.json; the sweep resumes it.</summary>
    Partial,

    /// <summary>Training now.</summary>
    Running,

    /// <summary>result.json present and readable.</summary>
    Done,

    /// <summary>Stopped by an error (diverged, …); failed.json holds the message.</summary>
    Failed,
}
