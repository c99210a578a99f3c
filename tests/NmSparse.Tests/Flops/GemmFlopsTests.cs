using NmSparse.Flops;
using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Tests.Flops;

public class GemmFlopsTests
{
    [Fact]
    public void ForStep_TwoFourOnThreeByFourWithFiveRows_CountsKeptWeightsExactly()
    {
        // Forward and input grad: 2 · 5 rows · 6 kept weights; weight grad dense: 2 · 5 · 12.
        Assert.Equal(new LayerStepFlops(60, 60, 120), GemmFlops.ForStep(12, 5, 0.5, 1.0));
    }

    [Fact]
    public void ForStep_NoInputGrad_InputGradIsZero() =>
        Assert.Equal(new LayerStepFlops(60, 0, 60), GemmFlops.ForStep(12, 5, 0.5, 0.5, inputGradNeeded: false));

    [Fact]
    public void ForStep_OneThirdDensity_RoundsToExactInteger()
    {
        // 1:3 on 9 weights keeps exactly 3 even though 9 · (1/3.0) is not exactly 3 in binary floating point.
        Assert.Equal(new LayerStepFlops(42, 42, 126), GemmFlops.ForStep(9, 7, 1.0 / 3.0, 1.0));
    }

    [Fact]
    public void Dense_Conv2d_IsTwoRowsTimesWeights()
    {
        // Conv 8→16 channels, 3×3 kernel, batch 2 at 4×4 output: rows = 32, weights = 1152.
        Assert.Equal(new LayerStepFlops(73728, 73728, 73728), GemmFlops.Dense(16 * 8 * 3 * 3, 2 * 4 * 4));
    }

    [Fact]
    public void ForStep_DensityOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GemmFlops.ForStep(12, 5, 1.5, 1.0));

    [Fact]
    public void ForState_DensePhase_CountsDense()
    {
        var state = new SparsityState(0, TrainingPhase.Dense, NmPattern.Dense(4), 1.0);

        Assert.Equal(new LayerStepFlops(120, 120, 120), GemmFlops.ForState(12, 5, state, maskFixed: true));
    }

    [Fact]
    public void ForState_DecayingMask_CountsDense()
    {
        var state = new SparsityState(5, TrainingPhase.Sparse, new NmPattern(2, 4), 0.3);

        Assert.Equal(new LayerStepFlops(120, 120, 120), GemmFlops.ForState(12, 5, state, maskFixed: false));
    }

    [Fact]
    public void ForState_BinaryMaskSte_WeightGradStaysDense()
    {
        var state = new SparsityState(5, TrainingPhase.Sparse, new NmPattern(2, 4), 0.0);

        Assert.Equal(new LayerStepFlops(60, 60, 120), GemmFlops.ForState(12, 5, state, maskFixed: false));
    }

    [Fact]
    public void ForState_BinaryFixedMask_AllGemmsSparse()
    {
        var state = new SparsityState(9, TrainingPhase.FineTune, new NmPattern(1, 4), 0.0);

        Assert.Equal(new LayerStepFlops(30, 30, 30), GemmFlops.ForState(12, 5, state, maskFixed: true));
    }

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
