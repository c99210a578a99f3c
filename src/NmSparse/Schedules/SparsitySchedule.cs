using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>
/// Combines a <see cref="PhasePlan"/>, a structure schedule and an optional mask-decay schedule into the
/// <see cref="SparsityState"/> of every step: the dense phase trains M:M with β = 1, the sparse phase uses
/// N:M(t) and β(t) (β = 0 without a decay schedule), and the fine-tune phase uses the target N:M with β = 0.
/// </summary>
public sealed class SparsitySchedule
{
    private readonly IStructureSchedule _structure;
    private readonly IMaskDecaySchedule? _decay;

    /// <summary>Creates the schedule; <paramref name="decay"/> null means binary masks throughout (β = 0).</summary>
    public SparsitySchedule(PhasePlan plan, IStructureSchedule structure, IMaskDecaySchedule? decay)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(structure);
        Plan = plan;
        _structure = structure;
        _decay = decay;
    }

    /// <summary>The phase split.</summary>
    public PhasePlan Plan { get; }

    /// <summary>The final N:M.</summary>
    public NmPattern Target => _structure.Target;

    /// <summary>The phase, N:M and β of <paramref name="step"/> (counted from 0).</summary>
    public SparsityState At(long step)
    {
        TrainingPhase phase = Plan.PhaseAt(step);
        switch (phase)
        {
            case TrainingPhase.Dense:
                return new SparsityState(step, phase, NmPattern.Dense(Target.M), 1.0);
            case TrainingPhase.Sparse:
                long t = Plan.SparseStep(step);
                long length = Plan.SparseLength;
                return new SparsityState(step, phase, _structure.PatternAt(t, length), _decay?.Beta(t, length) ?? 0.0);
            default:
                return new SparsityState(step, phase, Target, 0.0);
        }
    }
}
