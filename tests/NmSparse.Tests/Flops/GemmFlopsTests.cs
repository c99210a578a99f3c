using NmSparse.Flops;
using NmSparse.Sparsity;

namespace NmSparse.Tests.Flops;

public class GemmFlopsTests
{
    // A 3×4 weight (12 weights) whose 2:4 mask keeps 6, over 5 rows: a dense GEMM is 2·5·12 = 120, a masked one 60.

    [Fact]
    public void ForStep_DenseMode_CountsEveryGemmDense() =>
        Assert.Equal(new LayerStepFlops(120, 120, 120), GemmFlops.ForStep(12, 6, 5, MaskMode.Dense, 1.0));

    [Fact]
    public void ForStep_StraightThroughBinaryMask_WeightGradStaysDense() =>
        Assert.Equal(new LayerStepFlops(60, 60, 120), GemmFlops.ForStep(12, 6, 5, MaskMode.StraightThrough, 0.0));

    [Fact]
    public void ForStep_StraightThroughDecayingMask_CountsDense() =>
        Assert.Equal(new LayerStepFlops(120, 120, 120), GemmFlops.ForStep(12, 6, 5, MaskMode.StraightThrough, 0.3));

    [Fact]
    public void ForStep_FixedMask_AllGemmsUseKeptWeights() =>
        Assert.Equal(new LayerStepFlops(60, 60, 60), GemmFlops.ForStep(12, 6, 5, MaskMode.Fixed, 0.0));

    [Fact]
    public void ForStep_NoInputGrad_InputGradIsZero() =>
        Assert.Equal(new LayerStepFlops(30, 0, 30),
            GemmFlops.ForStep(12, 3, 5, MaskMode.Fixed, 0.0, inputGradNeeded: false));

    [Fact]
    public void ForStep_UnstructuredKeptCount_CountsThatManyWeights()
    {
        // GMP at density 0.5625 on 8 weights keeps round(4.5) = 5: 2·7 rows·5 = 70.
        Assert.Equal(new LayerStepFlops(70, 70, 70), GemmFlops.ForStep(8, 5, 7, MaskMode.Fixed, 0.0));
    }

    [Fact]
    public void Dense_Conv2d_IsTwoRowsTimesWeights()
    {
        // Conv 8→16 channels, 3×3 kernel, batch 2 at 4×4 output: rows = 32, weights = 1152.
        Assert.Equal(new LayerStepFlops(73728, 73728, 73728), GemmFlops.Dense(16 * 8 * 3 * 3, 2 * 4 * 4));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(13L)]
    public void ForStep_KeptOutsideWeights_Throws(long kept) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmFlops.ForStep(12, kept, 5, MaskMode.Fixed, 0.0));

    [Fact]
    public void LayerStepFlops_Add_SumsTermsAndTotal()
    {
        var sum = new LayerStepFlops(1, 2, 3) + new LayerStepFlops(10, 20, 30);

        Assert.Equal(new LayerStepFlops(11, 22, 33), sum);
        Assert.Equal(66L, sum.Total);
    }

    [Fact]
    public void LayerStepFlops_AddOverflow_Throws() =>
        Assert.Throws<OverflowException>(() => new LayerStepFlops(long.MaxValue, 0, 0) + new LayerStepFlops(1, 0, 0));
}
