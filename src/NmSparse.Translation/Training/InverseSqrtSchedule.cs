namespace NmSparse.Translation.Training;

/// <summary>
/// Learning rate with linear warm-up then inverse-square-root decay (Vaswani et al., 2017, as in fairseq's
/// inverse_sqrt): lr(step) = peak · min((step+1)/warmup, sqrt(warmup/(step+1))), steps counted from 0.
/// </summary>
public sealed record InverseSqrtSchedule
{
    public InverseSqrtSchedule(double peakLearningRate, long warmupSteps)
    {
        if (peakLearningRate <= 0) throw new UserInputException($"lr must be positive (got {peakLearningRate})");
        if (warmupSteps < 1) throw new UserInputException($"warmup must be at least 1 step (got {warmupSteps})");
        PeakLearningRate = peakLearningRate;
        WarmupSteps = warmupSteps;
    }

    public double PeakLearningRate { get; }
    public long WarmupSteps { get; }

    public double At(long step)
    {
        double k = step + 1;
        return PeakLearningRate * Math.Min(k / WarmupSteps, Math.Sqrt(WarmupSteps / k));
    }
}
