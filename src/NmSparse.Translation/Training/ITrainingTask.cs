namespace NmSparse.Translation.Training;

/// <summary>
/// What a testbed task (translation, vision) contributes to <see cref="TrainingLoop{TModel}"/>: how one step trains
/// on its batch, how the model is validated, and the calibration pass of Wanda scores. Everything else of a run —
/// step order, sparsity state, learning rate, logging, divergence checks, checkpoints, pause and resume — is the
/// loop's.
/// </summary>
public interface ITrainingTask
{
    /// <summary>What <see cref="TaskStep.Items"/> counts, plural ("tokens", "images"): the metrics key is
    /// <c>{ItemName}_per_second</c>.</summary>
    string ItemName { get; }

    /// <summary>Short unit of the progress line ("tok", "img"), shown as unit/s.</summary>
    string ItemUnit { get; }

    /// <summary>Runs the calibration forward passes the masks of <paramref name="step"/> need (Wanda scores).</summary>
    void Calibrate(long step);

    /// <summary>Trains step <paramref name="step"/> on its batch (masks, learning rate and seed are set).</summary>
    TaskStep Train(long step, StepGuard guard);

    /// <summary>
    /// Scores the model after <paramref name="step"/>, reports it to the observer and the metrics log
    /// (<paramref name="masksFinal"/>: whether the masks in force are the final ones) and returns the score the best
    /// checkpoint is chosen by (higher is better).
    /// </summary>
    double Validate(long step, MetricsLog metrics, bool masksFinal);
}
