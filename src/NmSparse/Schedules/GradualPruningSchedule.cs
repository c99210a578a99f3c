namespace NmSparse.Schedules;

/// <summary>
/// Gradual magnitude pruning (Zhu &amp; Gupta 2017, "To prune, or not to prune"): sparsity rises from
/// s_i = 1 − initialDensity to s_f = 1 − finalDensity along the cubic
/// s(t) = s_f + (s_i − s_f)·(1 − (t − t0)/(t_end − t0))³, updated only at the pruning steps t0, t0 + Δt, t0 + 2Δt, …
/// before t_end and at t_end itself. Between pruning steps the density of the last pruning step holds; before t0
/// it is the initial density and from t_end on the final density.
/// </summary>
public sealed class GradualPruningSchedule
{
    /// <summary>Throws <see cref="UserInputException"/> for densities outside (0, 1], a final density above the
    /// initial one, a negative start, an end not after the start, or a frequency below 1.</summary>
    public GradualPruningSchedule(
        double finalDensity, long startStep, long endStep, long frequency, double initialDensity = 1.0)
    {
        CheckDensity("final density", finalDensity);
        CheckDensity("initial density", initialDensity);
        if (finalDensity > initialDensity)
            throw new UserInputException(
                $"gradual pruning: final density {finalDensity} exceeds initial density {initialDensity}");
        if (startStep < 0) throw new UserInputException($"gradual pruning: start step must be ≥ 0 (got {startStep})");
        if (endStep <= startStep)
            throw new UserInputException(
                $"gradual pruning: end step ({endStep}) must come after start step ({startStep})");
        if (frequency < 1)
            throw new UserInputException($"gradual pruning: frequency must be at least 1 step (got {frequency})");
        FinalDensity = finalDensity;
        InitialDensity = initialDensity;
        StartStep = startStep;
        EndStep = endStep;
        Frequency = frequency;
    }

    public double FinalDensity { get; }
    public double InitialDensity { get; }
    public long StartStep { get; }
    public long EndStep { get; }
    public long Frequency { get; }

    /// <summary>The density (fraction of weights kept) in force at <paramref name="step"/>.</summary>
    public double DensityAt(long step)
    {
        if (step < StartStep) return InitialDensity;
        if (step >= EndStep) return FinalDensity;
        long pruningStep = StartStep + (step - StartStep) / Frequency * Frequency;
        double remaining = 1.0 - (double)(pruningStep - StartStep) / (EndStep - StartStep);
        double initialSparsity = 1.0 - InitialDensity;
        double finalSparsity = 1.0 - FinalDensity;
        double sparsity = finalSparsity + (initialSparsity - finalSparsity) * remaining * remaining * remaining;
        return 1.0 - sparsity;
    }

    /// <summary>True when the mask is recomputed at <paramref name="step"/> (a pruning step or the end step).</summary>
    public bool UpdatesAt(long step) =>
        step == EndStep || (step >= StartStep && step < EndStep && (step - StartStep) % Frequency == 0);

    private static void CheckDensity(string name, double density)
    {
        if (!(density > 0.0 && density <= 1.0))
            throw new UserInputException($"gradual pruning: {name} must be in (0, 1] (got {density})");
    }
}
