using NmSparse.Translation.Study;

namespace NmSparse.Translation.Tests.Study;

public class SweepEtaTests
{
    [Fact]
    public void Estimate_FinishedRuns_RemainingStepsTimesMeasuredSecondsPerStep()
    {
        // 300 s over 200 steps = 1.5 s a step; 1000 steps left.
        Assert.Equal(TimeSpan.FromSeconds(1500),
            SweepEta.Estimate([(100, 100.0), (100, 200.0)], 1000, running: (10, 999.0)));
    }

    [Fact]
    public void Estimate_NothingFinished_UsesTheRunningRun()
    {
        Assert.Equal(TimeSpan.FromSeconds(400), SweepEta.Estimate([], 200, running: (10, 20.0)));
        Assert.Null(SweepEta.Estimate([], 200, running: null));
    }
}
