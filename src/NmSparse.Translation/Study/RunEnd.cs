namespace NmSparse.Translation.Study;

/// <summary>How one training run of a sweep stopped.</summary>
public enum RunEnd
{
    /// <summary>The trainer returned (the run is finished, or paused where asked).</summary>
    Completed,

    /// <summary>An error stopped it; the sweep marks it failed (failed.json).</summary>
    Failed,

    /// <summary>Stopped from outside (Ctrl+C, SIGTERM, a killed process); it resumes from its last checkpoint.
    /// </summary>
    Interrupted,
}
