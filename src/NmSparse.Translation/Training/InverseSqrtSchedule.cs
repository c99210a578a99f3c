namespace NmSparse.Translation.Training;

/// <summary>
/// Learning rate with linear warm-up then inverse-square-root decay (Vaswani et al., 2017, as in fairseq's
/// inverse_sqrt): lr(step) = peak · min((step+1)/warmup, sqrt(warmup/(step+1))), steps counted from 0.
/// With a decay tail of T steps in a run of S steps, the last T steps multiply that by (S − step)/T, a linear
/// cool-down whose last step runs at 1/T of the inverse-sqrt rate (short runs gain most from ending low).
/// </summary>
public sealed record InverseSqrtSchedule
{
    public InverseSqrtSchedule(double peakLearningRate, long warmupSteps, long totalSteps = 0, long tailSteps = 0)
    {
        if (peakLearningRate <= 0) throw new UserInputException($"lr must be positive (got {peakLearningRate})");
        if (warmupSteps < 1) throw new UserInputException($"warmup must be at least 1 step (got {warmupSteps})");
        if (tailSteps < 0 || tailSteps > totalSteps)
            throw new UserInputException($"decay tail must be in [0, {totalSteps}] steps (got {tailSteps})");
        PeakLearningRate = peakLearningRate;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
        TailSteps = tailSteps;
    }

    public double PeakLearningRate { get; }
    public long WarmupSteps { get; }
    public long TotalSteps { get; }
    public long TailSteps { get; }

    public double At(long step)
    {
        double k = step + 1;
        double rate = PeakLearningRate * Math.Min(k / WarmupSteps, Math.Sqrt(WarmupSteps / k));
        long tailStart = TotalSteps - TailSteps;
        return TailSteps > 0 && step >= tailStart ? rate * (TotalSteps - step) / TailSteps : rate;
    }
}
