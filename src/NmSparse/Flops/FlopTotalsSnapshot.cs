namespace NmSparse.Flops;

/// <summary>
/// The totals of a <see cref="FlopAccountant"/> as plain data, for checkpoints: restoring it with
/// <see cref="FlopAccountant.FromSnapshot"/> resumes counting exactly. Layers are in first-recorded order.
/// </summary>
public sealed record FlopTotalsSnapshot(IReadOnlyList<LayerFlopSnapshot> Layers);
