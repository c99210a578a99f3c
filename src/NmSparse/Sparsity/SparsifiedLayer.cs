using NmSparse.Masks;

namespace NmSparse.Sparsity;

/// <summary>A layer <see cref="Sparsifier"/> wrapped: module path, sparse module and N:M override.</summary>
public sealed record SparsifiedLayer(string Name, SparseLayer Module, NmPattern? PatternOverride);
