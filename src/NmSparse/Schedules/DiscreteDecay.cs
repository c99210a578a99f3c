namespace NmSparse.Schedules;

/// <summary>
/// Staircase mask decay β(t) = max(0, 1 − α·⌊t / every⌋) (Kao et al. 2022): β stays constant for
/// <see cref="Every"/> steps, then drops by α.
/// </summary>
public sealed class DiscreteDecay : IMaskDecaySchedule
{
    /// <summary>Creates the schedule; <paramref name="alpha"/> must be positive, <paramref name="every"/> ≥ 1.</summary>
    public DiscreteDecay(double alpha, long every)
    {
        Alpha = DecayArguments.CheckAlpha(alpha);
        Every = DecayArguments.CheckEvery(every);
    }

    /// <summary>Drop of β at each stair.</summary>
    public double Alpha { get; }

    /// <summary>Steps between two drops.</summary>
    public long Every { get; }

    /// <inheritdoc />
    public double Beta(long t, long sparseLength) => Math.Max(0.0, 1.0 - Alpha * (Math.Max(0L, t) / Every));
}
