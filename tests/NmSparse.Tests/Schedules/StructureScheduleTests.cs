using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Tests.Schedules;

public class StructureScheduleTests
{
    [Fact]
    public void FixedStructurePatternAt_AnyStep_IsTarget()
    {
        var schedule = new FixedStructure(new NmPattern(2, 4));

        Assert.Equal(new NmPattern(2, 4), schedule.PatternAt(0, 10));
        Assert.Equal(new NmPattern(2, 4), schedule.PatternAt(9, 10));
    }

    [Theory]
    [InlineData(0L, 7)]
    [InlineData(24L, 7)]
    [InlineData(25L, 4)]
    [InlineData(49L, 4)]
    [InlineData(50L, 2)]
    [InlineData(75L, 1)]
    [InlineData(99L, 1)]
    [InlineData(150L, 1)]
    public void StepwiseStructurePatternAt_OneEight_HalvesKeptPerFrame(long t, int n) =>
        Assert.Equal(new NmPattern(n, 8), new StepwiseStructure(new NmPattern(1, 8)).PatternAt(t, 100));

    [Fact]
    public void StepwiseStructureFrames_TwoFour_AreThreeFourThenTwoFour() =>
        Assert.Equal(new[] { new NmPattern(3, 4), new NmPattern(2, 4) },
            new StepwiseStructure(new NmPattern(2, 4)).Frames);

    [Fact]
    public void StepwiseStructure_RatioNotPowerOfTwo_Throws()
    {
        var error = Assert.Throws<UserInputException>(() => new StepwiseStructure(new NmPattern(3, 8)));

        Assert.Equal("stepwise structure decay needs M/N to be a power of two, got 3:8", error.Message);
    }

    [Fact]
    public void GeometricStructureFrames_OneEightFourFrames_GrowGroupsBackwards() =>
        Assert.Equal(new[] { new NmPattern(8, 64), new NmPattern(4, 32), new NmPattern(2, 16), new NmPattern(1, 8) },
            new GeometricStructure(new NmPattern(1, 8)).Frames);

    [Theory]
    [InlineData(0L, 4, 16)]
    [InlineData(4L, 4, 16)]
    [InlineData(5L, 2, 8)]
    [InlineData(9L, 2, 8)]
    public void GeometricStructurePatternAt_TwoFramesOverTen_SwitchesAtFive(long t, int n, int m) =>
        Assert.Equal(new NmPattern(n, m), new GeometricStructure(new NmPattern(2, 8), 2).PatternAt(t, 10));

    [Fact]
    public void GeometricStructure_ZeroFrames_Throws()
    {
        var error = Assert.Throws<UserInputException>(() => new GeometricStructure(new NmPattern(1, 8), 0));

        Assert.Equal("geometric structure decay needs at least 1 frame (got 0)", error.Message);
    }

    [Theory]
    [InlineData(0L, 6)]
    [InlineData(9L, 6)]
    [InlineData(10L, 4)]
    [InlineData(30L, 2)]
    [InlineData(500L, 2)]
    public void CustomStructurePatternAt_Stages_UsesLastStartedStage(long t, int n)
    {
        var schedule = new CustomStructure(new[]
        {
            new StructureStage(new NmPattern(6, 8), 0),
            new StructureStage(new NmPattern(4, 8), 10),
            new StructureStage(new NmPattern(2, 8), 30),
        });

        Assert.Equal(new NmPattern(n, 8), schedule.PatternAt(t, 100));
        Assert.Equal(new NmPattern(2, 8), schedule.Target);
    }

    [Fact]
    public void CustomStructure_FirstStageNotAtZero_Throws()
    {
        var error = Assert.Throws<UserInputException>(() =>
            new CustomStructure(new[] { new StructureStage(new NmPattern(2, 4), 5) }));

        Assert.Equal("custom structure schedule: the first stage must start at step 0 (got 5)", error.Message);
    }

    [Fact]
    public void CustomStructure_RepeatedStart_Throws()
    {
        var error = Assert.Throws<UserInputException>(() => new CustomStructure(new[]
        {
            new StructureStage(new NmPattern(3, 4), 0),
            new StructureStage(new NmPattern(2, 4), 0),
        }));

        Assert.Equal("custom structure schedule: stage 2 starts at step 0, not after stage 1 (step 0)", error.Message);
    }

    [Fact]
    public void CustomStructure_NoStages_Throws() =>
        Assert.Throws<UserInputException>(() => new CustomStructure(Array.Empty<StructureStage>()));
}
