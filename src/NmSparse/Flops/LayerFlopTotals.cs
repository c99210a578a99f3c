namespace NmSparse.Flops;

/// <summary>Accumulated FLOPs of one layer: what training actually cost and what dense training would have cost.</summary>
public readonly record struct LayerFlopTotals(LayerStepFlops Actual, LayerStepFlops Dense);
