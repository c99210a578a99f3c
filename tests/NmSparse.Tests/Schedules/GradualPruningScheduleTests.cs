using NmSparse.Schedules;

namespace NmSparse.Tests.Schedules;

public class GradualPruningScheduleTests
{
    // Sparsity 0 → 0.75 over steps 100..200, pruning every 10 steps.
    private static readonly GradualPruningSchedule Schedule = new(0.25, 100, 200, 10);

    [Theory]
    [InlineData(0L, 1.0)]
    [InlineData(99L, 1.0)]
    [InlineData(100L, 1.0)]
    [InlineData(150L, 0.34375)]
    [InlineData(159L, 0.34375)]
    [InlineData(200L, 0.25)]
    [InlineData(1000L, 0.25)]
    public void DensityAt_Step_FollowsCubicAtLastPruningStep(long step, double expected) =>
        Assert.Equal(expected, Schedule.DensityAt(step));

    [Fact]
    public void DensityAt_InitialDensityBelowOne_StartsThere()
    {
        // s_i = 0.5, s_f = 0.875; at t = 5 of 10: 0.875 − 0.375 · 0.125 = 0.828125.
        var schedule = new GradualPruningSchedule(0.125, 0, 10, 5, initialDensity: 0.5);

        Assert.Equal(0.5, schedule.DensityAt(4));
        Assert.Equal(0.171875, schedule.DensityAt(5));
    }

    [Theory]
    [InlineData(99L, false)]
    [InlineData(100L, true)]
    [InlineData(105L, false)]
    [InlineData(190L, true)]
    [InlineData(200L, true)]
    [InlineData(210L, false)]
    public void UpdatesAt_Step_TrueOnPruningStepsAndEnd(long step, bool expected) =>
        Assert.Equal(expected, Schedule.UpdatesAt(step));

    [Fact]
    public void UpdatesAt_EndOffTheGrid_UpdatesAtEnd() =>
        Assert.True(new GradualPruningSchedule(0.5, 0, 25, 10).UpdatesAt(25));

    [Theory]
    [InlineData(0.0, 0L, 10L, 1L, 1.0)]
    [InlineData(0.5, 0L, 10L, 1L, 0.25)]
    [InlineData(0.5, -1L, 10L, 1L, 1.0)]
    [InlineData(0.5, 10L, 10L, 1L, 1.0)]
    [InlineData(0.5, 0L, 10L, 0L, 1.0)]
    public void Constructor_InvalidArguments_ThrowsUserInputException(
        double final, long start, long end, long frequency, double initial) =>
        Assert.Throws<UserInputException>(() => new GradualPruningSchedule(final, start, end, frequency, initial));
}
