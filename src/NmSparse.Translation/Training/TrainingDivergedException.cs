namespace NmSparse.Translation.Training;

/// <summary>
/// The loss, the gradient norm, the weights or the optimizer state became NaN or infinite; training stopped before
/// the optimizer step or the checkpoint that would have carried it (see <see cref="DivergenceGuard"/>).
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(string message) : base(message) { }
}
