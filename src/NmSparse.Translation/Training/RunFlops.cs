using NmSparse.Flops;
using NmSparse.Sparsity;

namespace NmSparse.Translation.Training;

/// <summary>
/// The training-FLOP totals of a finished run: everything (the sparsifier's accountant, which also counts the Linear
/// layers it kept dense, plus the task's <see cref="RunSession{TModel}.OtherFlops"/>), what training it all dense
/// would have cost, and the same for the sparsified layers alone.
/// </summary>
public sealed record RunFlops(long Total, long Dense, long SparseLayers, long SparseLayersDense)
{
    /// <summary><see cref="Total"/> / <see cref="Dense"/> (1 when nothing was counted).</summary>
    public double RatioToDense => Dense == 0 ? 1 : (double)Total / Dense;

    /// <summary><see cref="SparseLayers"/> / <see cref="SparseLayersDense"/>.</summary>
    public double SparseLayerRatio => SparseLayersDense == 0 ? 1 : (double)SparseLayers / SparseLayersDense;

    public static RunFlops Of<TModel>(RunSession<TModel> session) where TModel : TorchSharp.torch.nn.Module =>
        Of(session.Sparsifier.Flops, session.OtherFlops, session.Sparsifier);

    /// <summary>
    /// The totals of accountant <paramref name="flops"/> plus the task's <paramref name="otherFlops"/>, with the
    /// sparsified layers those <paramref name="sparsifier"/> wraps (also for a checkpoint's stored accountant).
    /// </summary>
    public static RunFlops Of(FlopAccountant flops, long otherFlops, Sparsifier sparsifier)
    {
        ArgumentNullException.ThrowIfNull(flops);
        ArgumentNullException.ThrowIfNull(sparsifier);
        // The sparsified layers only: layers the sparsifier kept dense are counted by the same accountant.
        var sparsified = sparsifier.Layers.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var layers = flops.PerLayer.Where(kv => sparsified.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        return new RunFlops(flops.Total.Total + otherFlops, flops.DenseTotal.Total + otherFlops,
            layers.Sum(t => t.Actual.Total), layers.Sum(t => t.Dense.Total));
    }

    /// <summary>
    /// Every sparsified layer as trained in the last step: a dense N:M there (e.g. masked-decay's dense fine-tune)
    /// ignores the stored mask. Read before the final masks are baked in.
    /// </summary>
    public static IReadOnlyList<LayerSummary> LastStepLayers(Sparsifier sparsifier) => sparsifier.Diagnostics()
        .Select(d => new LayerSummary(d.Name, d.Pattern.ToString(), d.Pattern.IsDense ? 1.0 : d.Density, d.Beta))
        .ToList();
}
