using NmSparse.Autograd;
using static NmSparse.Tests.Sparsity.TwoByFourWeight;
using static TorchSharp.torch;

namespace NmSparse.Tests.Autograd;

/// <summary>
/// The bfloat16 output of <see cref="MaskedWeightFunction"/> (one-pass kernels): hand-checked values and rounding, and
/// the same bits as masking in float32 and casting with libtorch, forward and backward.
/// </summary>
[Collection("Sequential")]
public class Bf16MaskedWeightTests
{
    [Fact]
    public void Apply_Bf16OutputSrSte_MasksAndReturnsFloat32GradientWithRegulariser()
    {
        using var scope = NewDisposeScope();
        var weight = tensor(Values, 2, 4).requires_grad_(true);
        var mask = tensor(Mask, 2, 4);
        var output = MaskedWeightFunction.Apply(weight, mask, 0.0, 0.5, ScalarType.BFloat16);
        output.backward([tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, 2, 4).to(ScalarType.BFloat16)]);

        Assert.Equal(ScalarType.BFloat16, output.dtype);
        Assert.Equal(Masked, output.to(ScalarType.Float32).data<float>().ToArray());
        Assert.Equal(ScalarType.Float32, weight.grad!.dtype);
        // c + 0.5·(1−m)⊙w
        Assert.Equal([1.5f, 1, 3, 4, 5.25f, 6, 7, 8.5f], weight.grad.data<float>().ToArray());
    }

    [Fact]
    public void Apply_Bf16OutputBetaHalf_RoundsToNearestEven()
    {
        using var scope = NewDisposeScope();
        // 1 + 2⁻⁸ lies halfway between the bfloat16 values 1 and 1 + 2⁻⁷ (even: 1); 1 + 3·2⁻⁸ halfway between
        // 1 + 2⁻⁷ and 1 + 2⁻⁶ (even: 1 + 2⁻⁶); pruned 3 + 2⁻⁷ times β = ½ gives 1.5 + 2⁻⁸, halfway between 1.5 and
        // 1.5 + 2⁻⁷ (even: 1.5).
        float half = MathF.Pow(2, -8);
        var weight = tensor(new[] { 1 + half, -(1 + 3 * half), 3 + 2 * half, 2f }, 1, 4);
        var mask = tensor(new float[] { 1, 1, 0, 0 }, 1, 4);
        using var output = MaskedWeightFunction.Apply(weight, mask, 0.5, 0.0, ScalarType.BFloat16);
        Assert.Equal([1f, -(1 + 4 * half), 1.5f, 1f], output.to(ScalarType.Float32).data<float>().ToArray());
    }

    [Theory]
    [InlineData(0.0, 0.0, 64, 96)]
    [InlineData(0.0, 2e-4, 64, 96)]
    [InlineData(0.3, 0.0, 64, 96)]
    [InlineData(0.3, 2e-4, 64, 96)]
    [InlineData(0.0, 2e-4, 512, 288)] // three workers' chunks
    [InlineData(0.7, 2e-4, 7, 37)] // a scalar tail
    public void Apply_Bf16Output_SameBitsAsMaskingThenCasting(double beta, double lambda, long rows, long columns)
    {
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(11);
        var values = randn(new long[] { rows, columns }, generator: generator);
        values.index_put_(-0.0f, TensorIndex.Slice(0, 1));
        var mask = randint(0, 2, new long[] { rows, columns }, generator: generator).to(ScalarType.Float32);
        var upstream = randn(new long[] { rows, columns }, generator: generator).to(ScalarType.BFloat16);
        var fusedWeight = values.clone().requires_grad_(true);
        var castWeight = values.clone().requires_grad_(true);

        var fused = MaskedWeightFunction.Apply(fusedWeight, mask, beta, lambda, ScalarType.BFloat16);
        var cast = MaskedWeightFunction.Apply(castWeight, mask, beta, lambda).to(ScalarType.BFloat16);
        fused.backward([upstream]);
        cast.backward([upstream]);

        Assert.Equal(cast.bytes.ToArray(), fused.bytes.ToArray());
        Assert.Equal(castWeight.grad!.bytes.ToArray(), fusedWeight.grad!.bytes.ToArray());
    }
}
