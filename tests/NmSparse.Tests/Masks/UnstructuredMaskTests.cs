using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Masks;

public class UnstructuredMaskTests
{
    [Fact]
    public void Compute_HalfDensity_KeepsLargestMagnitudes()
    {
        using var w = tensor(new float[] { 0.5f, -3f, 2f, 0.1f, -1f, 4f, 0f, 0.2f }, new long[] { 2, 4 });

        using var mask = UnstructuredMask.Compute(w, 0.5);

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 1, 1, 0, 0 }, new long[] { 2, 4 }, mask);
    }

    [Fact]
    public void Compute_TiesAtThreshold_LowerFlatIndexWins()
    {
        using var w = tensor(new float[] { 1f, 2f, -2f, 2f, 3f });

        using var mask = UnstructuredMask.Compute(w, 0.6);

        MaskAssert.Equal(new float[] { 0, 1, 1, 0, 1 }, new long[] { 5 }, mask);
    }

    [Fact]
    public void Compute_FractionalCount_RoundsHalfAwayFromZero()
    {
        // 0.3 · 5 = 1.5 weights → 2 kept.
        using var w = tensor(new float[] { 5f, 1f, 4f, 2f, 3f });

        using var mask = UnstructuredMask.Compute(w, 0.3);

        MaskAssert.Equal(new float[] { 1, 0, 1, 0, 0 }, new long[] { 5 }, mask);
    }

    [Fact]
    public void Compute_FullDensity_ReturnsOnes()
    {
        using var w = tensor(new float[] { 0f, -1f, 0f });

        using var mask = UnstructuredMask.Compute(w, 1.0);

        MaskAssert.Equal(new float[] { 1, 1, 1 }, new long[] { 3 }, mask);
    }

    [Fact]
    public void ComputeGlobal_TwoTensors_RanksAllWeightsTogether()
    {
        using var a = tensor(new float[] { 0.1f, 9f, 0.2f, 0.3f }, new long[] { 2, 2 });
        using var b = tensor(new double[] { -8, 0.4, 7, 6, 0.5, 0.05 }, new long[] { 3, 2 });

        var masks = UnstructuredMask.ComputeGlobal(new[] { a, b }, 0.4);

        MaskAssert.Equal(new float[] { 0, 1, 0, 0 }, new long[] { 2, 2 }, masks[0].Mask);
        MaskAssert.Equal(new float[] { 1, 0, 1, 1, 0, 0 }, new long[] { 3, 2 }, masks[1].Mask);
        Assert.Equal(ScalarType.Float64, masks[1].Mask.dtype);
        Assert.Equal([1L, 3L], masks.Select(m => m.Kept));
        foreach (var mask in masks) mask.Mask.Dispose();
    }

    [Fact]
    public void ComputeGlobal_TieAcrossTensors_EarlierTensorWins()
    {
        using var a = tensor(new float[] { 1f, 2f });
        using var b = tensor(new float[] { 2f, 0f });

        var masks = UnstructuredMask.ComputeGlobal(new[] { a, b }, 0.25);

        MaskAssert.Equal(new float[] { 0, 1 }, new long[] { 2 }, masks[0].Mask);
        MaskAssert.Equal(new float[] { 0, 0 }, new long[] { 2 }, masks[1].Mask);
        Assert.Equal([1L, 0L], masks.Select(m => m.Kept));
        foreach (var mask in masks) mask.Mask.Dispose();
    }

    [Theory]
    [InlineData(5L, 0.3, 2L)]
    [InlineData(8L, 0.5625, 5L)]
    [InlineData(10L, 0.25, 3L)]
    [InlineData(7L, 1.0, 7L)]
    public void KeptCount_FractionalCount_RoundsHalfAwayFromZero(long weights, double density, long kept) =>
        Assert.Equal(kept, UnstructuredMask.KeptCount(weights, density));

    [Fact]
    public void ComputeGlobal_OneTensor_CountIsTheRoundedTarget()
    {
        using var w = tensor(new float[] { 4, -1, 3, 2, 0 });

        var masks = UnstructuredMask.ComputeGlobal(new[] { w }, 0.5);

        MaskAssert.Equal(new float[] { 1, 0, 1, 1, 0 }, new long[] { 5 }, masks[0].Mask);
        Assert.Equal(3L, masks[0].Kept);
        masks[0].Mask.Dispose();
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Compute_DensityOutsideRange_ThrowsUserInputException(double density)
    {
        using var w = ones(4);

        var error = Assert.Throws<UserInputException>(() => UnstructuredMask.Compute(w, density));

        Assert.StartsWith("density must be in (0, 1]", error.Message);
    }
}
