using NmSparse.Masks;

namespace NmSparse.Sparsity;

/// <summary>A layer <see cref="Sparsifier"/> wrapped: its module path, its sparse module and its N:M override.</summary>
public sealed record SparsifiedLayer(string Name, SparseLayer Module, NmPattern? PatternOverride);
