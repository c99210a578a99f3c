namespace NmSparse.Translation.Training;

/// <summary>The loss became NaN or infinite; training stopped before the poisoned state was saved.</summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message) : base(message) { }
}
