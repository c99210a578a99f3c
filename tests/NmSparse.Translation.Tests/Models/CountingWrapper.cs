using TorchSharp;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Models;

/// <summary>Stands in for the Sparsifier's wrapper: delegates to the module it replaced and counts calls.</summary>
internal sealed class CountingWrapper : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _inner;

    public CountingWrapper(nn.Module<Tensor, Tensor> inner) : base(nameof(CountingWrapper))
    {
        _inner = inner;
        RegisterComponents();
    }

    public int Calls { get; private set; }

    public override Tensor forward(Tensor input)
    {
        Calls++;
        return _inner.call(input);
    }
}
