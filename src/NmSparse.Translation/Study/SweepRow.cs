using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// One line of the sweep's live table: a cell, its status, its result when done (the task's own result type), the
/// step reached.
/// </summary>
public sealed record SweepRow(StudyCell Cell, RunStatus Status, TrainedRunResult? Result, string? Message, long Step,
    long Steps);
