namespace NmSparse.Translation.Training;

/// <summary>One training step as the observer sees it; <paramref name="Throughput"/> is in
/// <paramref name="Unit"/>/s of training time.</summary>
public sealed record StepReport(
    long Step, long TotalSteps, double Loss, double LearningRate, double Throughput, TimeSpan Elapsed,
    TimeSpan Remaining, string Phase, string Pattern, double Beta, string Unit = "tok");
