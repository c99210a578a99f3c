using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Tests.Schedules;

public class SparsityScheduleTests
{
    // 20 steps: 0–3 dense, 4–15 sparse (t = 0..11, L = 12), 16–19 fine-tune.
    private static readonly PhasePlan Plan = new(20, denseSteps: 4, fineTuneSteps: 4);

    [Fact]
    public void At_DenseStep_IsDenseWithBetaOne()
    {
        var schedule = new SparsitySchedule(Plan, new FixedStructure(new NmPattern(2, 4)), new LinearDecay(0.25));

        Assert.Equal(new SparsityState(3, TrainingPhase.Dense, new NmPattern(4, 4), 1.0), schedule.At(3));
    }

    [Theory]
    [InlineData(4L, 3, 1.0)]
    [InlineData(6L, 3, 0.5)]
    [InlineData(9L, 3, 0.0)]
    [InlineData(10L, 2, 0.0)]
    [InlineData(15L, 2, 0.0)]
    public void At_SparseStep_UsesStructureAndDecayAtSparseStep(long step, int n, double beta)
    {
        var schedule = new SparsitySchedule(Plan, new StepwiseStructure(new NmPattern(2, 4)), new LinearDecay(0.25));

        Assert.Equal(new SparsityState(step, TrainingPhase.Sparse, new NmPattern(n, 4), beta), schedule.At(step));
    }

    [Fact]
    public void At_SparseStepWithoutDecay_BetaIsZero()
    {
        var schedule = new SparsitySchedule(Plan, new FixedStructure(new NmPattern(1, 4)), null);

        Assert.Equal(new SparsityState(4, TrainingPhase.Sparse, new NmPattern(1, 4), 0.0), schedule.At(4));
        Assert.True(schedule.At(4).IsBinary);
    }

    [Fact]
    public void At_FineTuneStep_IsTargetWithBetaZero()
    {
        var schedule = new SparsitySchedule(Plan, new StepwiseStructure(new NmPattern(2, 4)), new ExponentialDecay(1));

        Assert.Equal(new SparsityState(16, TrainingPhase.FineTune, new NmPattern(2, 4), 0.0), schedule.At(16));
        Assert.Equal(new NmPattern(2, 4), schedule.Target);
        Assert.Same(Plan, schedule.Plan);
    }
}
