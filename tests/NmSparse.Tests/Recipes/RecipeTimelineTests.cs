using NmSparse.Masks;
using NmSparse.Recipes;

namespace NmSparse.Tests.Recipes;

public class RecipeTimelineTests
{
    private static string Describe(string recipe, long dense, long fineTune, NmPattern pattern, double? alpha = null) =>
        RecipeTimeline.Describe(RecipeRegistry.Create(new RecipeSettings
        {
            Recipe = recipe, Pattern = pattern, Steps = 80, DenseSteps = dense, FineTuneSteps = fineTune, Alpha = alpha,
        }));

    [Fact]
    public void Describe_MaskDecayDefaultLinear_BetaZeroHalfWayThroughTheSparsePhase()
    {
        // Sparse phase 8..71 (64 steps), default α = 2/64: β = 1 − t/32 reaches 0 at sparse step 32 = step 40.
        Assert.Equal("dense from 0, sparse 1:8 from 8, β = 0 from 40, fine-tune from 72",
            Describe("mask-decay", 8, 8, new NmPattern(1, 8)));
    }

    [Fact]
    public void Describe_MaskDecayAlphaQuarter_BetaZeroAfterAQuarterOfTheSparsePhase()
    {
        // No dense phase, sparse 0..71 (72 steps), α = 1/16: β = 0 from sparse step 16.
        Assert.Equal("sparse 2:4 from 0, β = 0 from 16, fine-tune from 72",
            Describe("mask-decay", 0, 8, new NmPattern(2, 4), alpha: 1.0 / 16));
    }

    [Fact]
    public void Describe_StructureDecayStepwise_OneChangePerFrame()
    {
        // 72 sparse steps in four frames of 18: 7:8, 4:8, 2:8, 1:8.
        Assert.Equal("sparse 7:8 from 0, 4:8 from 18, 2:8 from 36, 1:8 from 54, fine-tune from 72",
            Describe("structure-decay", 0, 8, new NmPattern(1, 8)));
    }

    [Fact]
    public void Describe_Dense_IsDense() => Assert.Equal("dense", Describe("dense", 0, 0, new NmPattern(1, 8)));
}
