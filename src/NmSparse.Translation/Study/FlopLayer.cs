namespace NmSparse.Translation.Study;

/// <summary>
/// A GEMM-shaped layer as the FLOP estimate sees it: its weight count, the input rows it gets in one step, and
/// whether the recipe sparsifies it (a layer kept dense always costs dense).
/// </summary>
public sealed record FlopLayer(string Name, long Weights, long Rows, bool Sparsified);
