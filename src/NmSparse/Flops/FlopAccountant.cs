namespace NmSparse.Flops;

/// <summary>
/// Accumulates per-layer training FLOPs (see <see cref="GemmFlops"/> for the counting rules) next to the
/// dense-equivalent cost, so a run can report its cost relative to dense training. Layers are kept in
/// first-recorded order. Not thread-safe.
/// </summary>
public sealed class FlopAccountant
{
    private readonly OrderedDictionary<string, LayerFlopTotals> _layers = new(StringComparer.Ordinal);

    /// <summary>Totals per layer, in first-recorded order.</summary>
    public IReadOnlyDictionary<string, LayerFlopTotals> PerLayer => _layers;

    /// <summary>Actual FLOPs over all layers.</summary>
    public LayerStepFlops Total { get; private set; }

    /// <summary>Dense-equivalent FLOPs over all layers.</summary>
    public LayerStepFlops DenseTotal { get; private set; }

    /// <summary>Total.Total / DenseTotal.Total; 1 when nothing has been recorded.</summary>
    public double RatioToDense => DenseTotal.Total == 0 ? 1.0 : (double)Total.Total / DenseTotal.Total;

    /// <summary>Adds one step of <paramref name="layer"/>: its actual cost and its dense-equivalent cost.</summary>
    public void Record(string layer, LayerStepFlops actual, LayerStepFlops denseEquivalent)
    {
        ArgumentNullException.ThrowIfNull(layer);
        LayerFlopTotals previous = _layers.TryGetValue(layer, out LayerFlopTotals found) ? found : default;
        _layers[layer] = new LayerFlopTotals(previous.Actual + actual, previous.Dense + denseEquivalent);
        Total += actual;
        DenseTotal += denseEquivalent;
    }

    /// <summary>The current totals as plain data.</summary>
    public FlopTotalsSnapshot ToSnapshot() =>
        new(_layers.Select(kv => new LayerFlopSnapshot(
            kv.Key,
            kv.Value.Actual.Forward,
            kv.Value.Actual.InputGrad,
            kv.Value.Actual.WeightGrad,
            kv.Value.Dense.Forward,
            kv.Value.Dense.InputGrad,
            kv.Value.Dense.WeightGrad)).ToArray());

    /// <summary>
    /// An accountant holding the totals of <paramref name="snapshot"/>. Throws <see cref="UserInputException"/>
    /// when the snapshot (e.g. read from a checkpoint) repeats a layer or has a negative count.
    /// </summary>
    public static FlopAccountant FromSnapshot(FlopTotalsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var accountant = new FlopAccountant();
        foreach (LayerFlopSnapshot layer in snapshot.Layers)
        {
            var actual = new LayerStepFlops(layer.Forward, layer.InputGrad, layer.WeightGrad);
            var dense = new LayerStepFlops(layer.DenseForward, layer.DenseInputGrad, layer.DenseWeightGrad);
            if (accountant._layers.ContainsKey(layer.Layer))
                throw new UserInputException($"FLOP totals: layer '{layer.Layer}' appears twice");
            if (new[] { actual.Forward, actual.InputGrad, actual.WeightGrad, dense.Forward, dense.InputGrad,
                    dense.WeightGrad }.Any(v => v < 0))
                throw new UserInputException($"FLOP totals: layer '{layer.Layer}' has a negative count");
            accountant.Record(layer.Layer, actual, dense);
        }
        return accountant;
    }
}
