namespace NmSparse.Translation.Training;

/// <summary>The run's divergence guard and the step it checks (the bench step runs without one).</summary>
public sealed record StepGuard(DivergenceGuard Guard, long Step);
