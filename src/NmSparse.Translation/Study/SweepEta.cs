namespace NmSparse.Translation.Study;

/// <summary>
/// The time left for a whole sweep: the steps still to train times the measured seconds per step, from the
/// finished runs' wall time (training, validation, checkpoints, final evaluation) per step, or before any run has
/// finished from the running run's elapsed time per step. Null when nothing has been measured yet.
/// </summary>
public static class SweepEta
{
    public static TimeSpan? Estimate(IEnumerable<(long Steps, double Seconds)> finished, long remainingSteps,
        (long Steps, double Seconds)? running)
    {
        var measured = finished.Where(f => f.Steps > 0).ToList();
        double? perStep = measured.Count > 0
            ? measured.Sum(f => f.Seconds) / measured.Sum(f => f.Steps)
            : running is { Steps: > 0 } r ? r.Seconds / r.Steps : null;
        return perStep is { } s ? TimeSpan.FromSeconds(Math.Round(s * remainingSteps)) : null;
    }
}
