namespace NmSparse.Translation.Pruning;

/// <summary>Where a one-shot pruned run comes from and how it was pruned ("OneShot" in its config.json).</summary>
/// <param name="Method">Always "one-shot": pruned once, without retraining.</param>
/// <param name="SourceRun">Full path of the trained run that was pruned.</param>
/// <param name="SourceCheckpoint">"last" or "best".</param>
/// <param name="SourceStep">Steps the source had trained when that checkpoint was written.</param>
/// <param name="Score">magnitude | wanda.</param>
/// <param name="CalibrationBatches">Training batches of the Wanda calibration pass (0 for magnitude).</param>
/// <param name="Permute">Whether channels were permuted before pruning.</param>
/// <param name="Permutations">Every permuted layer pair with its kept magnitude before and after.</param>
public sealed record OneShotProvenance(
    string Method, string SourceRun, string SourceCheckpoint, long SourceStep, string Score, int CalibrationBatches,
    bool Permute, IReadOnlyList<PermutedPair> Permutations);
