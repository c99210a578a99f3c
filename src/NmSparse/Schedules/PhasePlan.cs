using NmSparse.Recipes;

namespace NmSparse.Schedules;

/// <summary>
/// Splits S total steps (counted from 0) into phases: step &lt; D is dense, step ≥ S−F is fine-tune, the rest is
/// the sparse phase, in which t = step − D runs over 0..L−1 with L = S − D − F.
/// </summary>
public sealed record PhasePlan
{
    private static readonly string Steps = RecipeSettings.NameOf(nameof(RecipeSettings.Steps));
    private static readonly string Dense = RecipeSettings.NameOf(nameof(RecipeSettings.DenseSteps));
    private static readonly string FineTune = RecipeSettings.NameOf(nameof(RecipeSettings.FineTuneSteps));

    /// <summary>
    /// The only check of the phase split: throws a <see cref="SettingException"/> naming
    /// <see cref="RecipeSettings.Steps"/>, <see cref="RecipeSettings.DenseSteps"/> or
    /// <see cref="RecipeSettings.FineTuneSteps"/> (the settings these values come from) unless S ≥ 1, D ≥ 0, F ≥ 0 and
    /// D + F ≤ S.
    /// </summary>
    public PhasePlan(long totalSteps, long denseSteps = 0, long fineTuneSteps = 0)
    {
        if (totalSteps < 1) throw new SettingException(Steps, $"must be at least 1 (got {totalSteps})");
        if (denseSteps < 0) throw new SettingException(Dense, $"must not be negative (got {denseSteps})");
        if (fineTuneSteps < 0) throw new SettingException(FineTune, $"must not be negative (got {fineTuneSteps})");
        if (denseSteps + fineTuneSteps > totalSteps)
            throw new SettingException(Dense,
                $"{Dense} ({denseSteps}) + {FineTune} ({fineTuneSteps}) exceed {Steps} ({totalSteps})");
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
