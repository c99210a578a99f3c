namespace NmSparse.Schedules;

/// <summary>
/// Exponential mask decay β(t) = exp(−α·t) over the sparse phase (Kao et al. 2022): β approaches but never reaches
/// 0, so the forward pass keeps a trace of the pruned weights until the fine-tune phase.
/// </summary>
public sealed class ExponentialDecay : IMaskDecaySchedule
{
    /// <summary>Creates the schedule; <paramref name="alpha"/> must be positive and finite.</summary>
    public ExponentialDecay(double alpha)
    {
        Alpha = DecayArguments.CheckAlpha(alpha);
    }

    /// <summary>Decay rate per step.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public double Beta(long t, long sparseLength) => Math.Exp(-Alpha * Math.Max(0L, t));
}
