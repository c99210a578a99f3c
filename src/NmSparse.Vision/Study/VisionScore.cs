using NmSparse.Translation.Study;

namespace NmSparse.Vision.Study;

/// <summary>What the vision claims read from one run: its cell, status and (when done) top-1 accuracies in percent.</summary>
public sealed record VisionScore(StudyCell Cell, RunStatus Status, double? TestAccuracy, double? ValidAccuracy)
    : IScoredRun
{
    public static VisionScore Of(VisionStudyRun run) =>
        new(run.Cell, run.Status, run.Result?.TestAccuracy, run.Result?.ValidAccuracy);
}
