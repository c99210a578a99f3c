using NmSparse.Flops;
using NmSparse.Sparsity;

namespace NmSparse.Translation.Training;

/// <summary>
/// What a run cost up to its end, as result.json records it: steps, non-padding target tokens, seconds in training
/// steps, periodic validation and checkpoints, training FLOPs (all of them, and of the sparsified layers alone, each
/// with its dense equivalent) and the best checkpoint (step and validation BLEU, −1 and −1 when none was written).
/// </summary>
public sealed record RunTotals(
    long Steps, long TargetTokens, double TrainingSeconds, double ValidationSeconds, double CheckpointSeconds,
    RunFlops Flops, long BestStep, double BestBleu)
{
    /// <summary>A training session's totals after its last step.</summary>
    public static RunTotals Of(TrainingSession session, long steps)
    {
        ArgumentNullException.ThrowIfNull(session);
        return Create(steps, session.TrainedItems, session.TrainingSeconds, session.ValidationSeconds,
            session.CheckpointSeconds, session.Sparsifier.Flops, session.OtherFlops, session.Sparsifier,
            session.BestStep, session.BestScore);
    }

    /// <summary>
    /// The totals a checkpoint stored, with the sparsified layers <paramref name="sparsifier"/> wraps (a run
    /// derived from the checkpoint, e.g. a one-shot pruned one).
    /// </summary>
    public static RunTotals Of(CheckpointHeader header, Sparsifier sparsifier)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Create(header.NextStep, header.TrainedItems, header.TrainingSeconds, header.ValidationSeconds,
            header.CheckpointSeconds, FlopAccountant.FromSnapshot(header.SparseFlops), header.OtherFlops, sparsifier,
            header.BestStep, header.BestScore);
    }

    private static RunTotals Create(long steps, long tokens, double training, double validation, double checkpoint,
        FlopAccountant flops, long otherFlops, Sparsifier sparsifier, long bestStep, double bestBleu)
    {
        return new RunTotals(steps, tokens, training, validation, checkpoint,
            RunFlops.Of(flops, otherFlops, sparsifier), bestStep, bestBleu);
    }
}
