namespace NmSparse.Schedules;

/// <summary>The three phases of a sparse training run.</summary>
public enum TrainingPhase
{
    Dense,
    Sparse,
    FineTune,
}
