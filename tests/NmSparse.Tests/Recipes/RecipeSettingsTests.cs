using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Schedules;

namespace NmSparse.Tests.Recipes;

public class RecipeSettingsTests
{
    private static readonly RecipeSettings Valid = new() { Steps = 10 };

    [Theory]
    [InlineData("bogus", "Recipe: 'bogus' is not one of dense, static, ste, srste, mask-decay, structure-decay, " +
        "mask-structure-decay, gmp")]
    public void Create_UnknownRecipe_ListsValidNames(string recipe, string message)
    {
        var e = Assert.Throws<UserInputException>(() => RecipeRegistry.Create(Valid with { Recipe = recipe }));
        Assert.Equal(message, e.Message);
    }

    public static TheoryData<RecipeSettings, string> Invalid => new()
    {
        { Valid with { Steps = 0 }, "Steps: must be at least 1 (got 0)" },
        { Valid with { DenseSteps = -1 }, "DenseSteps: must not be negative (got -1)" },
        { Valid with { DenseSteps = 6, FineTuneSteps = 5 },
            "DenseSteps: DenseSteps (6) + FineTuneSteps (5) exceed Steps (10)" },
        { Valid with { Pattern = new NmPattern(4, 4) }, "Pattern: 4:4 prunes nothing; use N < M" },
        { Valid with { Pattern = default }, "Pattern: is not set (expected N:M with 1 ≤ N < M)" },
        { Valid with { SrSteLambda = -1 }, "SrSteLambda: must be a non-negative number (got -1)" },
        { Valid with { GmpFrequency = 0 }, "GmpFrequency: must be at least 1 (got 0)" },
        { Valid with { GmpEndFraction = 1.5 }, "GmpEndFraction: must be in (0, 1] (got 1.5)" },
        { Valid with { Recipe = "mask-decay", Decay = "cosine" },
            "Decay: 'cosine' is not one of step, linear, exp, discrete" },
        { Valid with { Recipe = "mask-decay", Alpha = 0 }, "Alpha: must be a positive number (got 0)" },
        { Valid with { Recipe = "mask-decay", Every = 0 }, "Every: must be at least 1 (got 0)" },
        { Valid with { Recipe = "structure-decay", Structure = "random" },
            "Structure: 'random' is not one of stepwise, geometric, custom" },
        { Valid with { Recipe = "structure-decay", Structure = "custom" },
            "CustomStages: must list at least one stage for Structure 'custom'" },
        { Valid with { Recipe = "structure-decay", Structure = "geometric", Frames = 0 },
            "Frames: geometric structure decay needs at least 1 frame (got 0)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadKey_ThrowsOneLineNamingIt(RecipeSettings settings, string message)
    {
        var e = Assert.Throws<UserInputException>(settings.Validate);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Validate_DecayOptionsOnRecipeWithoutDecay_AreIgnored()
    {
        (Valid with { Decay = "cosine", Structure = "random" }).Validate();
    }

    [Fact]
    public void CreateStructure_CustomStages_UsesThemUpToThePattern()
    {
        var settings = Valid with
        {
            Recipe = "structure-decay",
            Structure = "custom",
            CustomStages = [new StructureStage(new NmPattern(3, 4), 0), new StructureStage(new NmPattern(2, 4), 5)],
        };
        var recipe = RecipeRegistry.Create(settings);
        Assert.Equal(["3:4", "3:4", "2:4", "2:4"],
            new long[] { 0, 4, 5, 9 }.Select(s => recipe.StateAt(s).Pattern.ToString()));

        var e = Assert.Throws<UserInputException>(() => RecipeRegistry.Create(settings with
        {
            Pattern = new NmPattern(1, 4),
        }));
        Assert.Equal("CustomStages: the last stage (2:4) must be the Pattern (1:4)", e.Message);
    }
}
