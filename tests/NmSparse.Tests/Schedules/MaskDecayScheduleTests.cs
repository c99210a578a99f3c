using NmSparse.Schedules;

namespace NmSparse.Tests.Schedules;

public class MaskDecayScheduleTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(1000L)]
    public void StepDecayBeta_AnyStep_IsZero(long t) => Assert.Equal(0.0, new StepDecay().Beta(t, 100));

    [Theory]
    [InlineData(0L, 1.0)]
    [InlineData(1L, 0.75)]
    [InlineData(2L, 0.5)]
    [InlineData(4L, 0.0)]
    [InlineData(9L, 0.0)]
    public void LinearDecayBeta_QuarterAlpha_FallsLinearlyThenStaysZero(long t, double expected) =>
        Assert.Equal(expected, new LinearDecay(0.25).Beta(t, 100));

    [Theory]
    [InlineData(0L, 1.0)]
    [InlineData(2L, 0.36787944117144233)]
    [InlineData(4L, 0.1353352832366127)]
    public void ExponentialDecayBeta_HalfAlpha_IsExpMinusAlphaT(long t, double expected) =>
        Assert.Equal(expected, new ExponentialDecay(0.5).Beta(t, 100), 15);

    [Theory]
    [InlineData(0L, 1.0)]
    [InlineData(2L, 1.0)]
    [InlineData(3L, 0.75)]
    [InlineData(8L, 0.5)]
    [InlineData(12L, 0.0)]
    [InlineData(30L, 0.0)]
    public void DiscreteDecayBeta_QuarterEveryThree_DropsAtEachStair(long t, double expected) =>
        Assert.Equal(expected, new DiscreteDecay(0.25, 3).Beta(t, 100));

    [Fact]
    public void Create_LinearWithoutAlpha_ReachesZeroAtMidPhase()
    {
        var decay = MaskDecaySchedules.Create("linear", null, null, 100);

        Assert.Equal(0.02, ((LinearDecay)decay).Alpha);
        Assert.Equal(0.5, decay.Beta(25, 100), 12);
        Assert.Equal(0.0, decay.Beta(50, 100));
    }

    [Fact]
    public void Create_ExpWithoutAlpha_IsEMinusFiveAtMidPhase()
    {
        var decay = MaskDecaySchedules.Create("exp", null, null, 200);

        Assert.Equal(0.05, ((ExponentialDecay)decay).Alpha);
        Assert.Equal(Math.Exp(-5), decay.Beta(100, 200), 15);
    }

    [Fact]
    public void Create_DiscreteWithoutAlphaOrEvery_TenStairsZeroAtMidPhase()
    {
        var decay = (DiscreteDecay)MaskDecaySchedules.Create("discrete", null, null, 100);

        Assert.Equal(10L, decay.Every);
        Assert.Equal(0.2, decay.Alpha);
        Assert.Equal(0.8, decay.Beta(19, 100), 12);
        Assert.Equal(0.0, decay.Beta(50, 100));
    }

    [Fact]
    public void Create_DiscreteWithEvery_AlphaReachesZeroAtFirstStairAfterMidPhase()
    {
        // L = 50: half is 25 steps = ⌈25 / 7⌉ = 4 stairs, so α = 0.25.
        var decay = (DiscreteDecay)MaskDecaySchedules.Create("discrete", null, 7, 50);

        Assert.Equal(0.25, decay.Alpha);
        Assert.Equal(0.25, decay.Beta(27, 50));
        Assert.Equal(0.0, decay.Beta(28, 50));
    }

    [Fact]
    public void Create_ExplicitAlpha_IsUsed()
    {
        var decay = (LinearDecay)MaskDecaySchedules.Create("linear", 0.125, null, 100);

        Assert.Equal(0.125, decay.Alpha);
    }

    [Fact]
    public void Create_Step_IsStepDecay() =>
        Assert.IsType<StepDecay>(MaskDecaySchedules.Create("step", null, null, 100));

    [Fact]
    public void Create_UnknownKind_ThrowsNamingDecaySetting()
    {
        var error = Assert.Throws<SettingException>(() => MaskDecaySchedules.Create("cosine", null, null, 10));

        Assert.Equal("RecipeSettings.Decay: 'cosine' is not one of step, linear, exp, discrete", error.Message);
    }

    [Theory]
    [InlineData("linear", 0.0, "0")]
    [InlineData("exp", -1.0, "-1")]
    [InlineData("discrete", double.PositiveInfinity, "Infinity")]
    [InlineData("step", -0.5, "-0.5")] // checked although step ignores α
    public void Create_NonPositiveAlpha_ThrowsNamingAlphaSetting(string kind, double alpha, string shown)
    {
        var error = Assert.Throws<SettingException>(() => MaskDecaySchedules.Create(kind, alpha, 5, 10));

        Assert.Equal($"RecipeSettings.Alpha: must be a positive number (got {shown})", error.Message);
    }

    [Fact]
    public void Constructor_NonPositiveAlpha_ThrowsTheSameCheck()
    {
        var error = Assert.Throws<SettingException>(() => new ExponentialDecay(0));

        Assert.Equal("RecipeSettings.Alpha: must be a positive number (got 0)", error.Message);
    }

    [Fact]
    public void Create_EveryBelowOne_ThrowsNamingEverySetting()
    {
        var error = Assert.Throws<SettingException>(() => MaskDecaySchedules.Create("discrete", 0.5, 0, 10));

        Assert.Equal("RecipeSettings.Every: must be at least 1 (got 0)", error.Message);
    }
}
