using NmSparse.Masks;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Pruning;

/// <summary>One `nmsparse prune` invocation: which trained run to prune, how, and where to.</summary>
/// <param name="Source">The trained run (dense or any recipe).</param>
/// <param name="Checkpoint">"last" or "best": the source checkpoint to prune.</param>
/// <param name="Out">The new run folder; must not exist or be empty.</param>
/// <param name="Pattern">The N:M to prune to.</param>
/// <param name="Score">magnitude | wanda.</param>
/// <param name="CalibrationBatches">Training batches of the Wanda calibration pass.</param>
/// <param name="Permute">Permute channels (FF1→FF2, and V→out_proj within heads) before pruning.</param>
/// <param name="DataDir">The corpus folder; null = the source run's.</param>
/// <param name="Device">auto | cpu | cuda.</param>
public sealed record PruneRequest(
    RunDirectory Source, string Checkpoint, RunDirectory Out, NmPattern Pattern, string Score, int CalibrationBatches,
    bool Permute, string? DataDir = null, string Device = "auto");
