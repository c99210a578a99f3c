using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Masks;

public class NmMaskTests
{
    private static readonly NmPattern TwoFour = new(2, 4);

    [Fact]
    public void Compute_TwoByEightTwoFour_KeepsTwoLargestMagnitudesPerGroup()
    {
        using var w = tensor(new float[]
        {
            1f, -5f, 3f, 2f,    0.5f, -0.1f, 4f, -4.5f,
            -9f, 8f, 0.2f, 0f,  0.3f, 0.7f, -0.6f, 0.1f,
        }, new long[] { 2, 8 });

        using var mask = NmMask.Compute(w, TwoFour);

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0 }, new long[] { 2, 8 }, mask);
    }

    [Fact]
    public void Compute_EqualMagnitudes_KeepsLowerIndexInGroup()
    {
        using var w = tensor(new float[] { 2f, -3f, 3f, -3f, 0f, 0f, 0f, 0f }, new long[] { 1, 8 });

        using var mask = NmMask.Compute(w, TwoFour);

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 1, 1, 0, 0 }, new long[] { 1, 8 }, mask);
    }

    [Fact]
    public void Compute_OutputAxis_GroupsAlongRows()
    {
        // [4, 2]: column 0 is 1, 4, -2, 3 and column 1 is -7, 0, 0, 6.
        using var w = tensor(new float[] { 1f, -7f, 4f, 0f, -2f, 0f, 3f, 6f }, new long[] { 4, 2 });

        using var mask = NmMask.Compute(w, TwoFour, GroupAxis.Output);

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 0, 0, 1, 1 }, new long[] { 4, 2 }, mask);
    }

    [Fact]
    public void Compute_Conv2dInputAxis_GroupsInputChannelsAtEachKernelPosition()
    {
        // [out 1, in 4, kh 1, kw 2]: position 0 sees channels 1, 2, 3, 4; position 1 sees -8, 7, 6, 5.
        using var w = tensor(new float[] { 1f, -8f, 2f, 7f, 3f, 6f, 4f, 5f }, new long[] { 1, 4, 1, 2 });

        using var mask = NmMask.Compute(w, new NmPattern(1, 4));

        MaskAssert.Equal(new float[] { 0, 1, 0, 0, 0, 0, 1, 0 }, new long[] { 1, 4, 1, 2 }, mask);
    }

    [Fact]
    public void Compute_Conv2dOutputAxis_GroupsOutputChannels()
    {
        // [out 2, in 1, kh 1, kw 2]: position 0 sees 1, -3; position 1 sees 5, 4.
        using var w = tensor(new float[] { 1f, 5f, -3f, 4f }, new long[] { 2, 1, 1, 2 });

        using var mask = NmMask.Compute(w, new NmPattern(1, 2), GroupAxis.Output);

        MaskAssert.Equal(new float[] { 0, 1, 1, 0 }, new long[] { 2, 1, 1, 2 }, mask);
    }

    [Fact]
    public void Compute_OneDimensionalWeight_GroupsAlongLastDimension()
    {
        using var w = tensor(new float[] { 0.1f, 0.4f, -0.3f, 0.2f, 1f, 2f, 3f, -4f });

        using var mask = NmMask.Compute(w, new NmPattern(3, 4));

        MaskAssert.Equal(new float[] { 0, 1, 1, 1, 0, 1, 1, 1 }, new long[] { 8 }, mask);
    }

    [Fact]
    public void Compute_DensePattern_ReturnsOnes()
    {
        using var w = tensor(new float[] { 0f, -1f, 2f, 0f }, new long[] { 1, 4 });

        using var mask = NmMask.Compute(w, NmPattern.Dense(4));

        MaskAssert.Equal(new float[] { 1, 1, 1, 1 }, new long[] { 1, 4 }, mask);
    }

    [Fact]
    public void Compute_ParameterWithGradFloat64_MaskHasSameDtypeAndNoGrad()
    {
        using var w = tensor(new double[] { 1, 2, 3, 4 }, new long[] { 1, 4 }).requires_grad_();

        using var mask = NmMask.Compute(w, TwoFour);

        Assert.Equal(ScalarType.Float64, mask.dtype);
        Assert.False(mask.requires_grad);
        MaskAssert.Equal(new float[] { 0, 0, 1, 1 }, new long[] { 1, 4 }, mask);
    }

    [Fact]
    public void Compute_BFloat16Weight_MaskIsBFloat16()
    {
        using var w = tensor(new float[] { 1f, -2f, 0.5f, 3f }, new long[] { 1, 4 }).to(ScalarType.BFloat16);

        using var mask = NmMask.Compute(w, TwoFour);

        Assert.Equal(ScalarType.BFloat16, mask.dtype);
        MaskAssert.Equal(new float[] { 0, 1, 0, 1 }, new long[] { 1, 4 }, mask);
    }

    [Fact]
    public void Compute_NonContiguousWeight_UsesLogicalLayout()
    {
        using var stored = tensor(new float[] { 1f, 5f, 2f, 6f, 3f, 7f, 4f, 8f }, new long[] { 4, 2 });
        using var w = stored.t(); // [[1, 2, 3, 4], [5, 6, 7, 8]]

        using var mask = NmMask.Compute(w, new NmPattern(1, 4));

        MaskAssert.Equal(new float[] { 0, 0, 0, 1, 0, 0, 0, 1 }, new long[] { 2, 4 }, mask);
    }

    [Fact]
    public void Compute_NotDivisible_ThrowsUserInputExceptionNamingShape()
    {
        using var w = zeros(768, 30);

        var error = Assert.Throws<UserInputException>(() => NmMask.Compute(w, TwoFour));

        Assert.Equal("shape [768, 30] is not divisible into groups of 4 along the input dimension (size 30)",
            error.Message);
    }

    [Fact]
    public void Compute_OutputAxisNotDivisible_NamesOutputDimension()
    {
        using var w = zeros(6, 8);

        var error = Assert.Throws<UserInputException>(() => NmMask.Compute(w, TwoFour, GroupAxis.Output));

        Assert.Equal("shape [6, 8] is not divisible into groups of 4 along the output dimension (size 6)",
            error.Message);
    }

    [Theory]
    [InlineData(2, 4, GroupAxis.Input)]
    [InlineData(1, 8, GroupAxis.Input)]
    [InlineData(4, 8, GroupAxis.Output)]
    [InlineData(7, 8, GroupAxis.Input)]
    [InlineData(8, 64, GroupAxis.Input)]
    [InlineData(5, 32, GroupAxis.Output)]
    public void Compute_RandomWeightWithoutTies_MatchesSortBasedReference(int n, int m, GroupAxis axis)
    {
        using var scope = NewDisposeScope();
        var pattern = new NmPattern(n, m);
        // Magnitudes are a permutation of 1..count (no ties), signs random.
        var generator = new TorchSharp.torch.Generator(4711);
        Tensor linear = DistinctMagnitudes(new long[] { 64, 128 }, generator);
        Tensor conv = DistinctMagnitudes(new long[] { 64, 64, 3, 3 }, generator);

        MaskAssert.Same(ReferenceNmMask.Compute(linear, pattern, axis), NmMask.Compute(linear, pattern, axis));
        MaskAssert.Same(ReferenceNmMask.Compute(conv, pattern, axis), NmMask.Compute(conv, pattern, axis));
    }

    private static Tensor DistinctMagnitudes(long[] shape, TorchSharp.torch.Generator generator)
    {
        long count = shape.Aggregate(1L, (a, b) => a * b);
        Tensor magnitudes = randperm(count, generator: generator).add(1).to(ScalarType.Float32).reshape(shape);
        Tensor signs = randint(0, 2, shape, generator: generator).mul(2).sub(1);
        return magnitudes.mul(signs);
    }

    [Theory]
    [InlineData(2, 4, ScalarType.Float32)]
    [InlineData(4, 8, ScalarType.Float64)]
    [InlineData(3, 16, ScalarType.Float64)]
    [InlineData(8, 64, ScalarType.Float32)]
    [InlineData(5, 32, ScalarType.Float64)]
    public void Compute_ManyTiesOnSplitWork_MatchesSortBasedReference(int n, int m, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var pattern = new NmPattern(n, m);
        // 256 × 512 weights are split over several workers; values from {−2..2} tie constantly.
        var generator = new TorchSharp.torch.Generator(17);
        Tensor w = randint(-2, 3, new long[] { 256, 512 }, generator: generator).to(dtype);

        Tensor mask = NmMask.Compute(w, pattern);

        MaskAssert.Same(ReferenceNmMask.Compute(w, pattern), mask);
        Assert.Equal(256 * 512 / m * n, mask.sum(ScalarType.Float64).item<double>());
    }

    [Theory]
    [InlineData(2, 4, GroupAxis.Input)]
    [InlineData(2, 4, GroupAxis.Output)]
    [InlineData(1, 8, GroupAxis.Input)]
    [InlineData(1, 8, GroupAxis.Output)]
    [InlineData(4, 8, GroupAxis.Input)]
    [InlineData(4, 8, GroupAxis.Output)]
    [InlineData(8, 64, GroupAxis.Input)]
    [InlineData(8, 64, GroupAxis.Output)]
    public void ComputeWithTorchOps_ManyTies_EqualsManagedKernel(int n, int m, GroupAxis axis)
    {
        using var scope = NewDisposeScope();
        var pattern = new NmPattern(n, m);
        // Integer weights from {−2..2}: nearly every group holds ties, which both paths break by the lower index.
        var generator = new TorchSharp.torch.Generator(29);
        Tensor linear = randint(-2, 3, new long[] { 128, 192 }, generator: generator).to(ScalarType.Float32);
        Tensor conv = randint(-2, 3, new long[] { 64, 128, 3, 3 }, generator: generator).to(ScalarType.Float64);

        foreach (Tensor w in new[] { linear, conv })
        {
            Tensor mask = NmMask.ComputeWithTorchOps(w, pattern, axis);

            MaskAssert.Same(NmMask.Compute(w, pattern, axis), mask);
            Assert.Equal(w.dtype, mask.dtype);
            Assert.Equal(pattern.KeptOf(w.numel()), mask.count_nonzero().item<long>());
        }
    }

    [Fact]
    public void ComputeWithTorchOps_MoreGroupsThanOneChunk_EqualsManagedKernel()
    {
        using var scope = NewDisposeScope();
        // 8:64 compares 64·64 pairs per group, so a chunk holds 2^24 / 4096 = 4096 groups; this weight has 10240.
        var pattern = new NmPattern(8, 64);
        var generator = new TorchSharp.torch.Generator(31);
        Tensor w = randint(-3, 4, new long[] { 64, 10240 }, generator: generator).to(ScalarType.Float32);

        MaskAssert.Same(NmMask.Compute(w, pattern), NmMask.ComputeWithTorchOps(w, pattern));
    }

    [Fact]
    public void ComputeWithTorchOps_HandWrittenTies_LowerIndexWins()
    {
        // Group 0 ties 3 = |−3| = 3: indices 0 and 1 win; group 1 ties all four zeros: indices 0 and 1 again.
        using var w = tensor(new float[] { 3, -3, 3, 1, 0, 0, 0, 0 }, new long[] { 1, 8 });

        using var mask = NmMask.ComputeWithTorchOps(w, TwoFour);

        MaskAssert.Equal(new float[] { 1, 1, 0, 0, 1, 1, 0, 0 }, new long[] { 1, 8 }, mask);
    }
}
