namespace NmSparse.Schedules;

/// <summary>
/// Linear mask decay β(t) = max(0, 1 − α·t) over the sparse phase (Kao et al. 2022, "Training Recipe for N:M
/// Structured Sparsity with Decaying Pruning Mask"): pruned weights fade out of the forward pass and are fully
/// removed from step 1/α on.
/// </summary>
public sealed class LinearDecay : IMaskDecaySchedule
{
    /// <summary>Creates the schedule; <paramref name="alpha"/> must be positive and finite.</summary>
    public LinearDecay(double alpha)
    {
        Alpha = DecayArguments.CheckAlpha(alpha);
    }

    /// <summary>Decay per step.</summary>
    public double Alpha { get; }

    /// <inheritdoc />
    public double Beta(long t, long sparseLength) => Math.Max(0.0, 1.0 - Alpha * Math.Max(0L, t));
}
