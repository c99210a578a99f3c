using NmSparse.Autograd;
using static NmSparse.Tests.Sparsity.TwoByFourWeight;
using static TorchSharp.torch;

namespace NmSparse.Tests.Autograd;

/// <summary>Forward values and gradients of w⊙(m + β(1−m)) on a 2×4 weight, checked by hand.</summary>
[Collection("Sequential")]
public class MaskedWeightFunctionTests
{
    // Loss = Σ c⊙out, so ∂loss/∂out = c.
    private static readonly float[] C = [1, 2, 3, 4, 5, 6, 7, 8];

    [Fact]
    public void Apply_SteBetaZero_ForwardMasksAndGradientPassesThrough()
    {
        var (output, grad) = Run(beta: 0.0, lambda: 0.0);
        Assert.Equal(Masked, output);
        Assert.Equal(C, grad);
    }

    [Fact]
    public void Apply_SrSteLambdaHalf_GradientAddsLambdaTimesPrunedWeights()
    {
        var (output, grad) = Run(beta: 0.0, lambda: 0.5);
        Assert.Equal(Masked, output);
        // c + 0.5·(1−m)⊙w
        Assert.Equal([1.5f, 1, 3, 4, 5.25f, 6, 7, 8.5f], grad);
    }

    [Fact]
    public void Apply_BetaHalf_ForwardKeepsHalfOfPrunedWeights()
    {
        var (output, grad) = Run(beta: 0.5, lambda: 0.0);
        Assert.Equal([0.5f, -1, 3, -4, 0.25f, 6, -7, 0.5f], output);
        Assert.Equal(C, grad);
    }

    [Fact]
    public void Apply_BetaQuarterWithLambda_CombinesDecayAndRegulariser()
    {
        var (output, grad) = Run(beta: 0.25, lambda: 2.0);
        Assert.Equal([0.25f, -0.5f, 3, -4, 0.125f, 6, -7, 0.25f], output);
        // c + 2·(1−m)⊙w
        Assert.Equal([3, -2, 3, 4, 6, 6, 7, 10], grad);
    }

    [Fact]
    public void Apply_NoGradMode_OutputNeedsNoGradient()
    {
        using var weight = tensor(Values, 2, 4).requires_grad_(true);
        using var mask = tensor(Mask, 2, 4);
        using var noGrad = no_grad();
        using var output = MaskedWeightFunction.Apply(weight, mask, 0.0, 0.0);
        Assert.False(output.requires_grad);
        Assert.Equal(Masked, output.data<float>().ToArray());
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    public void Apply_SrSteRandomWeights_GradientEqualsThreeStepFormulaBitForBit(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        // Random weights with exact ±0 and a random 0/1 mask; λ = 2e-4 rounds in every type.
        var generator = new TorchSharp.torch.Generator(7);
        var values = randn(new long[] { 64, 96 }, generator: generator);
        values.index_put_(0.0f, TensorIndex.Slice(0, 4));
        values.index_put_(-0.0f, TensorIndex.Slice(4, 8));
        var weight = values.to(dtype).requires_grad_(true);
        var mask = randint(0, 2, new long[] { 64, 96 }, generator: generator).to(dtype);
        var upstream = randn(new long[] { 64, 96 }, generator: generator).to(dtype);
        const double lambda = 2e-4;

        MaskedWeightFunction.Apply(weight, mask, 0.0, lambda).backward([upstream]);

        // g + λ(w − w⊙m), one operation at a time (the gradient's definition).
        Tensor expected;
        using (no_grad()) expected = upstream.add(weight.sub(weight.mul(mask)), lambda);
        Assert.Equal(expected.bytes.ToArray(), weight.grad!.bytes.ToArray());
    }

    private static (float[] Output, float[] Grad) Run(double beta, double lambda)
    {
        using var scope = NewDisposeScope();
        var weight = tensor(Values, 2, 4).requires_grad_(true);
        var mask = tensor(Mask, 2, 4);
        var output = MaskedWeightFunction.Apply(weight, mask, beta, lambda);
        output.mul(tensor(C, 2, 4)).sum().backward();
        Assert.Null(mask.grad);
        return (output.data<float>().ToArray(), weight.grad!.data<float>().ToArray());
    }
}
