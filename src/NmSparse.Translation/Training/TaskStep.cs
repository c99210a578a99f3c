namespace NmSparse.Translation.Training;

/// <summary>One trained step as the task reports it to <see cref="TrainingLoop{TModel}"/>.</summary>
/// <param name="Loss">The training loss of the step.</param>
/// <param name="Items">Items trained on (target tokens, images).</param>
/// <param name="OtherFlops">FLOPs of the parts the sparsifier's accountant does not count.</param>
public readonly record struct TaskStep(double Loss, long Items, long OtherFlops);
