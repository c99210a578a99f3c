using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

public class TrainingOptionsTests
{
    private static readonly TrainingOptions Tiny = TrainingPresets.Get("tiny"); // 40 steps, fine-tune fraction 0.1

    private static (long S, long D, long F) Phases(TrainingOptions options, string recipe)
    {
        var phased = options.WithPhases(new RecipeSettings { Recipe = recipe });
        return (phased.Steps, phased.DenseSteps, phased.FineTuneSteps);
    }

    [Fact]
    public void WithPhases_StaticUnset_TrainsDenseForHalfTheRun()
    {
        Assert.Equal((40L, 20L, 4L), Phases(Tiny, "static"));
    }

    [Fact]
    public void WithPhases_StepAdamUnset_TrainsDenseForAQuarterOfTheRun()
    {
        Assert.Equal((40L, 10L, 4L), Phases(Tiny, "step-adam"));
    }

    [Fact]
    public void WithPhases_StepAdamWithDenseStepsZero_ErrorNamesTheKeyAndWhy()
    {
        var e = Assert.Throws<UserInputException>(() => Phases(Tiny with { DenseSteps = 0 }, "step-adam"));
        Assert.Equal("training option 'dense_steps' is 0, but recipe 'step-adam' learns Adam's second moment in its " +
            "dense phase: set dense_steps ≥ 1 or leave it unset (default 0.25 of steps)", e.Message);
    }

    [Fact]
    public void WithPhases_OtherRecipesUnset_NoDensePhase()
    {
        Assert.Equal((40L, 0L, 4L), Phases(Tiny, "ste"));
    }

    [Fact]
    public void WithPhases_ExplicitZeroSteps_SwitchPhasesOffDespiteFractions()
    {
        var options = Tiny with { DenseFraction = 0.25, DenseSteps = 0, FineTuneSteps = 0 };
        Assert.Equal((40L, 0L, 0L), Phases(options, "ste"));
    }

    [Fact]
    public void WithPhases_ExplicitSteps_WinOverFractionsAndRecipe()
    {
        var options = Tiny with { DenseFraction = 0.25, DenseSteps = 3, FineTuneSteps = 7 };
        var phased = options.WithPhases(new RecipeSettings { Recipe = "static", DenseSteps = 9, FineTuneSteps = 9 });
        Assert.Equal((40L, 3L, 7L), (phased.Steps, phased.DenseSteps, phased.FineTuneSteps));
    }

    [Fact]
    public void WithPhases_UnsetSteps_RoundFractionsOfSteps()
    {
        var options = Tiny with { DenseFraction = 0.26, FineTuneFraction = 0.15 };
        Assert.Equal((40L, 10L, 6L), Phases(options, "static"));
    }

    [Fact]
    public void WithPhases_StaticWithDenseStepsZero_ErrorNamesTheKey()
    {
        var e = Assert.Throws<UserInputException>(() => Phases(Tiny with { DenseSteps = 0 }, "static"));
        Assert.Equal("training option 'dense_steps' is 0, but recipe 'static' prunes a trained dense model once: " +
            "set dense_steps ≥ 1 or leave it unset (default 0.5 of steps)", e.Message);
    }

    [Fact]
    public void WithPhases_StaticWithDenseFractionZero_ErrorNamesTheFraction()
    {
        var e = Assert.Throws<UserInputException>(() => Phases(Tiny with { DenseFraction = 0 }, "static"));
        Assert.Equal("training option 'dense_fraction' 0 gives 0 dense steps of 40, but recipe 'static' prunes a " +
            "trained dense model once: raise it or leave it unset (default 0.5 for static)", e.Message);
    }

    [Fact]
    public void Validate_NegativeDenseSteps_NamesTheKey()
    {
        var e = Assert.Throws<UserInputException>((Tiny with { DenseSteps = -1 }).Validate);
        Assert.Equal("training option 'dense_steps' must not be negative (0 switches the phase off)", e.Message);
    }
}
