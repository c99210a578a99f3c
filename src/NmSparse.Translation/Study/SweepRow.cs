using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>One line of the sweep's live table: a cell, its status, its result when done, the step reached.</summary>
public sealed record SweepRow(StudyCell Cell, RunStatus Status, RunResult? Result, string? Message, long Step,
    long Steps);
