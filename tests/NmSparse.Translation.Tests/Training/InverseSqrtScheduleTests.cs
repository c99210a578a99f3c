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

    [Fact]
    public void Constructor_ZeroWarmup_ThrowsUserInputError()
    {
        var e = Assert.Throws<UserInputException>(() => new InverseSqrtSchedule(1e-3, 0));
        Assert.Contains("warmup", e.Message);
    }
}
