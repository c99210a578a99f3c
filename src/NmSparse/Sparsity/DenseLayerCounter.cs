using NmSparse.Flops;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// Counts the GEMM rows of a Linear or Conv2d the sparsifier left dense, through a forward hook (so only calls made
/// with <c>call()</c>, not <c>forward()</c>, are seen), and records them as dense FLOPs.
/// </summary>
internal sealed class DenseLayerCounter : IDisposable
{
    private readonly string _name;
    private readonly long _weightElements;
    private readonly Action _removeHook;
    private long _rows;
    private bool _inputGradNeeded;

    public DenseLayerCounter(string name, nn.Module<Tensor, Tensor> module, Tensor weight)
    {
        _name = name;
        _weightElements = weight.numel();
        bool isConv = module is Conv2d;
        var remover = module.register_forward_hook((m, input, output) =>
        {
            if (!m.training) return output;
            _rows += isConv
                ? (output.dim() == 4 ? output.shape[0] : 1) * output.shape[^2] * output.shape[^1]
                : input.numel() / Math.Max(1, input.shape[^1]);
            _inputGradNeeded |= input.requires_grad;
            return output;
        });
        _removeHook = remover.remove;
    }

    /// <summary>Records the counted rows as one dense step and resets the counter.</summary>
    public void Record(FlopAccountant accountant)
    {
        if (_rows == 0) return;
        var dense = GemmFlops.Dense(_weightElements, _rows, _inputGradNeeded);
        accountant.Record(_name, dense, dense);
        _rows = 0;
        _inputGradNeeded = false;
    }

    public void Dispose() => _removeHook();
}
