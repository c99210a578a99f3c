using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class SweepEtaTests
{
    [Fact]
    public void Estimate_FinishedRuns_RemainingStepsTimesMeasuredSecondsPerStep()
    {
        // 300 s over 200 steps = 1.5 s a step; 1000 steps left in one job.
        Assert.Equal(TimeSpan.FromSeconds(1500),
            SweepEta.Estimate([(100, 100.0), (100, 200.0)], [600, 400], running: [(10, 999.0)], jobs: 1));
    }

    [Fact]
    public void Estimate_NothingFinished_PoolsTheRunningRuns()
    {
        Assert.Equal(TimeSpan.FromSeconds(400), SweepEta.Estimate([], [200], running: [(10, 20.0)], jobs: 1));
        // (20 + 40) s over (10 + 20) steps = 2 s a step.
        Assert.Equal(TimeSpan.FromSeconds(400),
            SweepEta.Estimate([], [200], running: [(10, 20.0), (20, 40.0)], jobs: 1));
        Assert.Null(SweepEta.Estimate([], [200], running: [], jobs: 1));
        Assert.Null(SweepEta.Estimate([], [200], running: [(0, 5.0)], jobs: 1));
    }

    [Fact]
    public void Estimate_TwoJobs_RunsGoToTheJobThatFreesFirst()
    {
        // 1 s a step. Jobs: [300] and [100, 100] → the last job ends at 300 s (not 500 / 2 = 250).
        Assert.Equal(TimeSpan.FromSeconds(300),
            SweepEta.Estimate([(10, 10.0)], [300, 100, 100], running: [], jobs: 2));
        // [100, 100] and [100] → 200 s.
        Assert.Equal(TimeSpan.FromSeconds(200),
            SweepEta.Estimate([(10, 10.0)], [100, 100, 100], running: [], jobs: 2));
    }

    [Fact]
    public void Estimate_MoreJobsThanRuns_TheLongestRun()
    {
        Assert.Equal(TimeSpan.FromSeconds(150), SweepEta.Estimate([(10, 15.0)], [100, 40], running: [], jobs: 4));
        Assert.Equal(TimeSpan.Zero, SweepEta.Estimate([(10, 15.0)], [], running: [], jobs: 2));
    }
}
