using NmSparse.Kernels;
using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Kernels;

public class NmSparseLinearModuleTests
{
    [Fact]
    public void Forward_HandMadeTwoFourOnThreeDimensionalInput_GivesExactOutputsOfShape()
    {
        // Row 0 keeps columns 1, 2 | 4, 7; row 1 keeps 0, 3 | 5, 6.
        using var w = tensor(new float[] { 0, 1, 2, 0, 3, 0, 0, 4, 5, 0, 0, 6, 0, 7, 8, 0 }, new long[] { 2, 8 });
        using var bias = tensor(new float[] { 0.5f, -1 });
        using var module = new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(2, 4)), bias,
            KernelPath.Portable, threads: 1);
        // x [2, 1, 8]: rows 1..8 and all ones.
        using var x = tensor(new float[] { 1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 1, 1, 1, 1, 1, 1 }, new long[] { 2, 1, 8 });

        using var y = module.forward(x);

        Assert.Equal(new long[] { 2, 1, 2 }, y.shape);
        // Row 0: 1·2 + 2·3 + 3·5 + 4·8 + 0.5 = 55.5; 5·1 + 6·4 + 7·6 + 8·7 − 1 = 126.
        // Row 1: 1 + 2 + 3 + 4 + 0.5 = 10.5; 5 + 6 + 7 + 8 − 1 = 25.
        Assert.Equal(new float[] { 55.5f, 126, 10.5f, 25 }, y.data<float>().ToArray());
    }

    [Fact]
    public void Forward_RandomBatchAbove64Rows_MatchesDenseLinear()
    {
        using var w = DenseReference.MaskedWeight(24, 32, new NmPattern(1, 8), 5);
        using var bias = tensor(DenseReference.RandomFloats(24, 6));
        using var x = tensor(DenseReference.RandomFloats(3 * 50 * 32, 7), new long[] { 3, 50, 32 });
        using var module = new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(1, 8)), bias,
            denseRowsFrom: int.MaxValue);

        using var y = module.forward(x);
        using var expected = nn.functional.linear(x, w, bias);

        Assert.Equal(new long[] { 3, 50, 24 }, y.shape);
        Assert.True(y.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void Forward_TransposedViewOrGradInput_SameOutputAsContiguousInput()
    {
        using var w = DenseReference.MaskedWeight(24, 32, new NmPattern(1, 8), 8);
        using var module = new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(1, 8)));
        using var x = tensor(DenseReference.RandomFloats(5 * 32, 9), new long[] { 5, 32 });
        using var columns = x.t().contiguous();
        using var view = columns.t();
        using var grad = x.clone().requires_grad_(true);

        using var expected = module.forward(x);
        using var fromView = module.forward(view);
        using var fromGrad = module.forward(grad);

        Assert.False(view.is_contiguous());
        Assert.Equal(expected.data<float>().ToArray(), fromView.data<float>().ToArray());
        Assert.Equal(expected.data<float>().ToArray(), fromGrad.data<float>().ToArray());
    }

    [Fact]
    public void Forward_WrongFeatureCount_NamesShape()
    {
        using var w = DenseReference.MaskedWeight(4, 8, new NmPattern(2, 4), 1);
        using var module = new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(2, 4)));
        using var x = zeros(2, 4);

        var e = Assert.Throws<UserInputException>(() => module.forward(x));

        Assert.Equal("input shape [2, 4] does not end in 8 features", e.Message);
    }

    [Fact]
    public void Replace_LinearInSequential_ForwardUsesKernelWithSameOutput()
    {
        using var model = nn.Sequential(("fc", nn.Linear(8, 4)), ("act", nn.ReLU()));
        var linear = (TorchSharp.Modules.Linear)model.named_modules().Single(m => m.name == "fc").module;
        using (no_grad())
        {
            using var masked = linear.weight!.mul(NmMask.Compute(linear.weight!, new NmPattern(2, 4)));
            linear.weight!.copy_(masked);
        }
        using var x = tensor(DenseReference.RandomFloats(3 * 8, 9), new long[] { 3, 8 });
        using var before = model.forward(x);

        KernelModuleSwap.Replace(model, "fc", new NmSparseLinearModule(
            NmCompressedMatrix.FromDense(linear.weight!, new NmPattern(2, 4)), linear.bias));
        using var after = model.forward(x);

        Assert.IsType<NmSparseLinearModule>(model.named_modules().Single(m => m.name == "fc").module);
        Assert.True(after.allclose(before, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Replace_UnknownName_Throws()
    {
        using var model = nn.Sequential(("fc", nn.Linear(8, 4)));
        using var w = DenseReference.MaskedWeight(4, 8, new NmPattern(2, 4), 1);

        var e = Assert.Throws<UserInputException>(() => KernelModuleSwap.Replace(model, "nope",
            new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(2, 4)))));

        Assert.Equal("layer nope: no such module in the model", e.Message);
    }

    [Fact]
    public void Forward_FromDenseRowsFrom_LibTorchLinearBitForBit_BelowIt_KernelBitForBit()
    {
        using var w = DenseReference.MaskedWeight(64, 512, new NmPattern(1, 8), 11);
        using var bias = tensor(DenseReference.RandomFloats(64, 12));
        var matrix = NmCompressedMatrix.FromDense(w, new NmPattern(1, 8));
        using var module = new NmSparseLinearModule(matrix, bias, threads: 1, denseRowsFrom: 6);
        var kernel = new NmSparseLinear(matrix, bias.data<float>().ToArray(), threads: 1);
        using var five = tensor(DenseReference.RandomFloats(5 * 512, 13), new long[] { 5, 512 });
        using var six = tensor(DenseReference.RandomFloats(6 * 512, 14), new long[] { 2, 3, 512 });

        float[] fromKernel = module.forward(five).data<float>().ToArray();
        float[] fromLibTorch = module.forward(six).data<float>().ToArray();
        var kernelFive = new float[5 * 64];
        kernel.Forward(five.data<float>().ToArray(), 5, kernelFive);
        float[] libTorchFive = nn.functional.linear(five, w, bias).data<float>().ToArray();
        float[] libTorchSix = nn.functional.linear(six, w, bias).data<float>().ToArray();

        Assert.Equal(6, module.DenseRowsFrom);
        Assert.Equal(libTorchSix, fromLibTorch);
        Assert.Equal(kernelFive, fromKernel);
        // The two sum in different orders, so the check above tells the paths apart.
        Assert.NotEqual(libTorchFive, fromKernel);
    }

    [Fact]
    public void Forward_DenseRowsInsideDisposeScopes_SecondCallStillHasItsWeight()
    {
        using var w = DenseReference.MaskedWeight(8, 16, new NmPattern(2, 4), 15);
        using var bias = tensor(DenseReference.RandomFloats(8, 16));
        using var x = tensor(DenseReference.RandomFloats(4 * 16, 17), new long[] { 4, 16 });
        using var expected = nn.functional.linear(x, w, bias);
        using var module = new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(2, 4)), bias,
            denseRowsFrom: 1);

        for (int call = 0; call < 2; call++)
        {
            using var scope = NewDisposeScope();
            Assert.Equal(expected.data<float>().ToArray(), module.forward(x).data<float>().ToArray());
        }
    }

    [Fact]
    public void Constructor_DenseRowsFromZero_Throws()
    {
        using var w = DenseReference.MaskedWeight(4, 8, new NmPattern(2, 4), 1);

        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(2, 4)), denseRowsFrom: 0));
    }

    [Theory]
    [InlineData(KernelPath.Avx512, 2, 4, 64)]
    [InlineData(KernelPath.Avx512, 1, 4, 128)]
    [InlineData(KernelPath.Avx512, 1, 8, 256)]
    [InlineData(KernelPath.Avx2, 2, 4, 16)]
    [InlineData(KernelPath.Avx2, 1, 8, 64)]
    [InlineData(KernelPath.Portable, 3, 8, 22)] // ⌈8·8/3⌉ = ⌈21.3⌉
    [InlineData(KernelPath.Portable, 2, 3, 12)]
    public void DefaultDenseRowsFrom_IsCOverDensityRoundedUp(KernelPath path, int n, int m, int expected) =>
        Assert.Equal(expected, NmSparseLinearModule.DefaultDenseRowsFrom(path, new NmPattern(n, m)));

    [Fact]
    public void Constructor_WithoutRowsOrVariable_TakesTheDefaultOfItsPathAndPattern()
    {
        Assert.True(string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NmSparseLinearModule.DenseRowsVariable)),
            "the test runs with NMSPARSE_DENSE_ROWS_FROM unset");
        using var w = DenseReference.MaskedWeight(8, 16, new NmPattern(1, 8), 21);

        using var module = new NmSparseLinearModule(NmCompressedMatrix.FromDense(w, new NmPattern(1, 8)),
            path: KernelPath.Portable);

        Assert.Equal(64, module.DenseRowsFrom);
    }
}
