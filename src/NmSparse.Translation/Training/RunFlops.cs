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

    public static RunFlops Of<TModel>(RunSession<TModel> session) where TModel : TorchSharp.torch.nn.Module
    {
        var flops = session.Sparsifier.Flops;
        var (sparse, sparseDense) = session.SparsifiedLayerFlops();
        return new RunFlops(flops.Total.Total + session.OtherFlops, flops.DenseTotal.Total + session.OtherFlops,
            sparse, sparseDense);
    }

    /// <summary>
    /// Every sparsified layer as trained in the last step: a dense N:M there (e.g. masked-decay's dense fine-tune)
    /// ignores the stored mask. Read before the final masks are baked in.
    /// </summary>
    public static IReadOnlyList<LayerSummary> LastStepLayers(Sparsifier sparsifier) => sparsifier.Diagnostics()
        .Select(d => new LayerSummary(d.Name, d.Pattern.ToString(), d.Pattern.IsDense ? 1.0 : d.Density, d.Beta))
        .ToList();
}
