namespace NmSparse.Translation.Study;

/// <summary>
/// The time left for a whole sweep trained <c>jobs</c> runs at a time: each run's steps still to train times the
/// measured seconds per step, from the finished runs' wall time (training, validation, checkpoints, final
/// evaluation) per step, or before any run has finished from the running runs' elapsed time per step (pooled), with
/// the runs handed in order to whichever of the jobs frees first (the running ones first, as they already hold a
/// job); the estimate is when the last job ends. With one job that is the sum. Null when nothing has been measured.
/// </summary>
public static class SweepEta
{
    public static TimeSpan? Estimate(IEnumerable<(long Steps, double Seconds)> finished, IReadOnlyList<long> remaining,
        IEnumerable<(long Steps, double Seconds)> running, int jobs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jobs, 1);
        var measured = finished.Where(f => f.Steps > 0).ToList();
        if (measured.Count == 0) measured = running.Where(r => r.Steps > 0).ToList();
        if (measured.Count == 0) return null;
        double perStep = measured.Sum(f => f.Seconds) / measured.Sum(f => f.Steps);
        var ends = new long[Math.Min(jobs, Math.Max(remaining.Count, 1))];
        foreach (long steps in remaining)
        {
            int free = Array.IndexOf(ends, ends.Min());
            ends[free] += Math.Max(steps, 0);
        }
        return TimeSpan.FromSeconds(Math.Round(perStep * ends.Max()));
    }
}
