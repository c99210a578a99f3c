using NmSparse.Masks;

namespace NmSparse.Sparsity;

/// <summary>
/// A snapshot of one sparse layer: its weight shape, the fraction of non-zero mask entries, the β and N:M in force,
/// and the fraction of mask entries that changed at the latest mask update (the first update compares with the
/// initial all-ones mask; 0 before any update).
/// </summary>
public sealed record LayerDiagnostics(
    string Name, IReadOnlyList<long> Shape, double Density, double Beta, NmPattern Pattern, double FlipRate);
