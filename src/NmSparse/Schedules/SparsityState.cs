using NmSparse.Masks;

namespace NmSparse.Schedules;

/// <summary>
/// What a step trains with: its phase, the N:M in force (M:M in the dense phase) and β (1 in the dense phase,
/// 0 in fine-tune and for recipes without mask decay).
/// </summary>
public readonly record struct SparsityState(long Step, TrainingPhase Phase, NmPattern Pattern, double Beta)
{
    /// <summary>True when the forward pass uses a binary mask (β = 0 and not dense).</summary>
    public bool IsBinary => Phase != TrainingPhase.Dense && Beta == 0.0 && !Pattern.IsDense;
}
