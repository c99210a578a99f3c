namespace NmSparse.Vision.Training;

/// <summary>
/// Linear warm-up to the peak, then half a cosine down to 0 at the end of the run (Loshchilov &amp; Hutter 2017,
/// without restarts): lr(k) = peak·(k+1)/W for k &lt; W, else peak·½(1 + cos(π·(k−W)/(S−W))), steps k from 0.
/// </summary>
public sealed record WarmupCosineSchedule(double PeakLearningRate, long WarmupSteps, long TotalSteps)
{
    public double At(long step)
    {
        if (step < WarmupSteps) return PeakLearningRate * (step + 1) / WarmupSteps;
        long decay = Math.Max(1, TotalSteps - WarmupSteps);
        double progress = Math.Min(1.0, (double)(step - WarmupSteps) / decay);
        return PeakLearningRate * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
