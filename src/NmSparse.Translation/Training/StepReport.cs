namespace NmSparse.Translation.Training;

/// <summary>One training step as the observer sees it.</summary>
public sealed record StepReport(
    long Step, long TotalSteps, double Loss, double LearningRate, double TokensPerSecond, TimeSpan Elapsed,
    TimeSpan Remaining, string Phase, string Pattern, double Beta);
