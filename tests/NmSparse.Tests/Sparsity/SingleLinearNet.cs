using static TorchSharp.torch;

namespace NmSparse.Tests.Sparsity;

/// <summary>A one-layer model (<c>fc</c>, no bias) whose weight tests set by hand.</summary>
internal sealed class SingleLinearNet : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> fc;

    public SingleLinearNet(long inputs, long outputs) : base(nameof(SingleLinearNet))
    {
        fc = nn.Linear(inputs, outputs, hasBias: false);
        RegisterComponents();
    }

    /// <summary>The weight Parameter, wrapped or not.</summary>
    public Tensor Weight => parameters().Single();

    public void SetWeight(float[] values)
    {
        using var noGrad = no_grad();
        using var source = tensor(values).reshape(Weight.shape);
        Weight.copy_(source);
    }

    public override Tensor forward(Tensor x) => fc.call(x);
}
