using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

public class FinalMaskStepsTests
{
    /// <summary>The qualifying steps and the first one, as "9 10 11 | 9".</summary>
    private static string Final(RecipeSettings settings)
    {
        var rule = new FinalMaskSteps(RecipeRegistry.Create(settings with { Pattern = new NmPattern(2, 4) }));
        var steps = Enumerable.Range(0, (int)settings.Steps).Where(s => rule.Contains(s));
        return $"{string.Join(' ', steps)} | {rule.First}";
    }

    [Fact]
    public void Contains_SteWithFineTune_OnlyFineTuneSteps()
    {
        // Masks are recomputed before every sparse step 2–8 and once before fine-tune step 9.
        var settings = new RecipeSettings { Recipe = "ste", Steps = 12, DenseSteps = 2, FineTuneSteps = 3 };
        Assert.Equal("9 10 11 | 9", Final(settings));
    }

    [Fact]
    public void Contains_SteWithoutFineTune_OnlyTheLastStep()
    {
        var settings = new RecipeSettings { Recipe = "ste", Steps = 12, DenseSteps = 2 };
        Assert.Equal("11 | 11", Final(settings));
    }

    [Fact]
    public void Contains_MaskDecayFineTune_NotTheSparseStepsWithBetaZero()
    {
        // β reaches 0 at sparse step t = 4 (step 6), but masks still change until fine-tune starts at step 9.
        var settings = new RecipeSettings
        {
            Recipe = "mask-decay", Steps = 12, DenseSteps = 2, FineTuneSteps = 3, Decay = "linear", Alpha = 0.25,
        };
        Assert.Equal("9 10 11 | 9", Final(settings));
    }

    [Fact]
    public void Contains_Static_EveryStepFromThePruningStepOn()
    {
        var settings = new RecipeSettings { Recipe = "static", Steps = 10, DenseSteps = 5, FineTuneSteps = 1 };
        Assert.Equal("5 6 7 8 9 | 5", Final(settings));
    }

    [Fact]
    public void Contains_Gmp_FromTheLastPruningStepOn()
    {
        // Pruning at steps 0, 5 and 10 (= 0.5 · 20): the masks are final from step 10.
        var settings = new RecipeSettings
        {
            Recipe = "gmp", Steps = 20, GmpFrequency = 5, GmpEndFraction = 0.5,
        };
        Assert.Equal("10 11 12 13 14 15 16 17 18 19 | 10", Final(settings));
    }

    [Fact]
    public void Contains_Dense_EveryStep()
    {
        var settings = new RecipeSettings { Recipe = "dense", Steps = 4 };
        Assert.Equal("0 1 2 3 | 0", Final(settings));
    }
}
