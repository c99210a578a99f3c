using NmSparse.Translation.Training;

namespace NmSparse.Translation.Pruning;

/// <summary>What <see cref="RunPruner.Prune"/> wrote: the pruned run, its result.json and provenance.</summary>
public sealed record PruneOutcome(RunDirectory Run, RunResult Result, OneShotProvenance OneShot);
