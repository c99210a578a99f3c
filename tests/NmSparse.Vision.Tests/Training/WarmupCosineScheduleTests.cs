using NmSparse.Vision.Training;

namespace NmSparse.Vision.Tests.Training;

public class WarmupCosineScheduleTests
{
    private static readonly WarmupCosineSchedule Schedule = new(PeakLearningRate: 2.0, WarmupSteps: 4, TotalSteps: 8);

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(3, 2.0)]
    [InlineData(4, 2.0)]
    [InlineData(6, 1.0)]
    [InlineData(8, 0.0)]
    public void At_Step_WarmsUpLinearlyThenFollowsHalfACosine(long step, double expected)
    {
        Assert.Equal(expected, Schedule.At(step), 12);
    }
}
