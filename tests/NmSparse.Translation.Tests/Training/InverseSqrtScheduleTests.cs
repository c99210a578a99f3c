using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

public class InverseSqrtScheduleTests
{
    [Theory]
    [InlineData(0, 0.00025)]    // (0+1)/4 · 1e-3
    [InlineData(3, 0.001)]      // step 3 is the 4th update: end of warm-up, peak
    [InlineData(15, 0.0005)]    // sqrt(4/16) · 1e-3
    [InlineData(99, 0.0002)]    // sqrt(4/100) · 1e-3
    public void At_WarmupFour_MatchesClosedForm(long step, double expected)
    {
        var schedule = new InverseSqrtSchedule(1e-3, 4);
        Assert.Equal(expected, schedule.At(step), 12);
    }

    [Theory]
    [InlineData(95, 2.0412414523193151e-4)]   // before the tail: sqrt(4/96) · 1e-3
    [InlineData(96, 2.0306923302672382e-4)]   // first tail step: factor (100 − 96)/4 = 1, sqrt(4/97) · 1e-3
    [InlineData(98, 1.0050378152592122e-4)]   // factor 2/4 · sqrt(4/99) · 1e-3
    [InlineData(99, 5e-5)]                    // last step: factor 1/4 · sqrt(4/100) · 1e-3
    public void At_TailFourOfHundred_CoolsDownLinearly(long step, double expected)
    {
        var schedule = new InverseSqrtSchedule(1e-3, 4, totalSteps: 100, tailSteps: 4);
        Assert.Equal(expected, schedule.At(step), 15);
    }

    [Fact]
    public void Constructor_TailLongerThanRun_ThrowsNamingTheTail()
    {
        var e = Assert.Throws<UserInputException>(() => new InverseSqrtSchedule(1e-3, 4, totalSteps: 10, tailSteps: 11));
        Assert.Equal("decay tail must be in [0, 10] steps (got 11)", e.Message);
    }

    [Fact]
    public void Constructor_ZeroWarmup_ThrowsUserInputError()
    {
        var e = Assert.Throws<UserInputException>(() => new InverseSqrtSchedule(1e-3, 0));
        Assert.Contains("warmup", e.Message);
    }

    [Fact]
    public void LearningRateSchedule_TailFifthOfRun_HasRoundedTailSteps()
    {
        var schedule = new TrainingOptions { Steps = 1301, LearningRate = 2e-3, WarmupSteps = 300, LrDecayTail = 0.2 }
            .LearningRateSchedule();
        Assert.Equal((2e-3, 300L, 1301L, 260L),
            (schedule.PeakLearningRate, schedule.WarmupSteps, schedule.TotalSteps, schedule.TailSteps));
    }
}
