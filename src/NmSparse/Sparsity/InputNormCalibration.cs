using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// Measures, through forward hooks on the sparse Linear layers, Σ x_j² of every input feature j over all input rows
/// the layers see (in float64), and turns them into the L2 norms ‖x_j‖ Wanda scores use. Conv2d layers are not
/// hooked (they get no norms).
/// </summary>
internal sealed class InputNormCalibration : IDisposable
{
    private readonly List<Action> _removers = [];
    private readonly Dictionary<SparseLayer, Tensor> _sums = [];

    public InputNormCalibration(IEnumerable<SparseLayer> layers)
    {
        foreach (var layer in layers.OfType<SparseLinear>())
        {
            var remover = layer.register_forward_hook((module, input, output) =>
            {
                Accumulate((SparseLayer)module, input);
                return output;
            });
            _removers.Add(remover.remove);
        }
    }

    /// <summary>√(Σ x_j²) per hooked layer that saw an input, in the layer weight's dtype and device.</summary>
    public IReadOnlyDictionary<SparseLayer, Tensor> Norms() =>
        _sums.ToDictionary(kv => kv.Key, kv => kv.Value.sqrt().to(kv.Key.Weight.dtype).DetachFromDisposeScope());

    public void Dispose()
    {
        _removers.ForEach(remove => remove());
        foreach (var sum in _sums.Values) sum.Dispose();
    }

    private void Accumulate(SparseLayer layer, Tensor input)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var squares = input.detach().to(ScalarType.Float64).reshape(-1, input.shape[^1]).square().sum([0L]);
        if (_sums.TryGetValue(layer, out var sum)) sum.add_(squares);
        else _sums[layer] = squares.DetachFromDisposeScope();
    }
}
