namespace NmSparse.Schedules;

/// <summary>
/// No mask decay: β = 0 at every step, so the forward pass always uses the binary mask (plain straight-through
/// estimator training).
/// </summary>
public sealed class StepDecay : IMaskDecaySchedule
{
    /// <inheritdoc />
    public double Beta(long t, long sparseLength) => 0.0;
}
