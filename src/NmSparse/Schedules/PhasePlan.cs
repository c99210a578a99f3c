namespace NmSparse.Schedules;

/// <summary>
/// Splits S total steps (counted from 0) into phases: step &lt; D is dense, step ≥ S−F is fine-tune, the rest is
/// the sparse phase, in which t = step − D runs over 0..L−1 with L = S − D − F.
/// </summary>
public sealed record PhasePlan
{
    public PhasePlan(long totalSteps, long denseSteps = 0, long fineTuneSteps = 0)
    {
        if (totalSteps < 1) throw new UserInputException($"steps must be at least 1 (got {totalSteps})");
        if (denseSteps < 0) throw new UserInputException($"dense-steps must not be negative (got {denseSteps})");
        if (fineTuneSteps < 0) throw new UserInputException($"finetune-steps must not be negative (got {fineTuneSteps})");
        if (denseSteps + fineTuneSteps > totalSteps)
            throw new UserInputException(
                $"dense-steps ({denseSteps}) + finetune-steps ({fineTuneSteps}) exceed steps ({totalSteps})");
        TotalSteps = totalSteps;
        DenseSteps = denseSteps;
        FineTuneSteps = fineTuneSteps;
    }

    public long TotalSteps { get; }
    public long DenseSteps { get; }
    public long FineTuneSteps { get; }

    /// <summary>L = S − D − F.</summary>
    public long SparseLength => TotalSteps - DenseSteps - FineTuneSteps;

    public TrainingPhase PhaseAt(long step) =>
        step < DenseSteps ? TrainingPhase.Dense
        : step >= TotalSteps - FineTuneSteps ? TrainingPhase.FineTune
        : TrainingPhase.Sparse;

    /// <summary>t = step − D (meaningful in the sparse phase).</summary>
    public long SparseStep(long step) => step - DenseSteps;
}
