using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// One run for an <see cref="IRunLauncher"/> to train: the cell, its folder (config.json written), whether a last
/// checkpoint exists to resume from, where its progress and output lines go (the run's log), and a callback that
/// a launcher training in a separate process calls with that process's id (the sweep records it in the claim).
/// </summary>
public sealed record RunJob(StudyCell Cell, RunDirectory Run, bool Resume, ITrainingObserver Log,
    Action<int>? OnProcess = null);
