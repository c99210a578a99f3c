using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Schedules;

namespace NmSparse.Tests.Recipes;

public class RecipeSettingsTests
{
    private static readonly RecipeSettings Valid = new() { Steps = 10 };

    [Fact]
    public void Create_UnknownRecipe_ListsValidNames()
    {
        var e = Assert.Throws<SettingException>(() => RecipeRegistry.Create(Valid with { Recipe = "bogus" }));
        Assert.Equal("RecipeSettings.Recipe: 'bogus' is not one of dense, static, ste, srste, mask-decay, " +
            "structure-decay, mask-structure-decay, gmp, s-ste, masked-decay, step-adam", e.Message);
        Assert.Equal(("RecipeSettings.Recipe", "'bogus' is not one of dense, static, ste, srste, mask-decay, " +
            "structure-decay, mask-structure-decay, gmp, s-ste, masked-decay, step-adam"), (e.Setting, e.Problem));
    }

    public static TheoryData<RecipeSettings, string, string> Invalid => new()
    {
        { Valid with { Steps = 0 }, "Steps", "RecipeSettings.Steps: must be at least 1 (got 0)" },
        { Valid with { DenseSteps = -1 }, "DenseSteps", "RecipeSettings.DenseSteps: must not be negative (got -1)" },
        { Valid with { FineTuneSteps = -2 }, "FineTuneSteps",
            "RecipeSettings.FineTuneSteps: must not be negative (got -2)" },
        { Valid with { DenseSteps = 6, FineTuneSteps = 5 }, "DenseSteps",
            "RecipeSettings.DenseSteps (6) + RecipeSettings.FineTuneSteps (5) exceed RecipeSettings.Steps (10)" },
        { Valid with { Recipe = "static" }, "DenseSteps",
            "RecipeSettings.DenseSteps: must be at least 1 for the static recipe (got 0): it prunes the weights of " +
            "the dense phase once, at step D" },
        { Valid with { Pattern = new NmPattern(4, 4) }, "Pattern",
            "RecipeSettings.Pattern: 4:4 prunes nothing; use N < M" },
        { Valid with { Pattern = default }, "Pattern",
            "RecipeSettings.Pattern: is not set (expected N:M with 1 ≤ N < M)" },
        { Valid with { SrSteLambda = -1 }, "SrSteLambda",
            "RecipeSettings.SrSteLambda: must be a non-negative number (got -1)" },
        { Valid with { Recipe = "mask-decay", DecaySrSteLambda = -1 }, "DecaySrSteLambda",
            "RecipeSettings.DecaySrSteLambda: must be a non-negative number (got -1)" },
        { Valid with { GmpFrequency = 0 }, "GmpFrequency", "RecipeSettings.GmpFrequency: must be at least 1 (got 0)" },
        { Valid with { GmpEndFraction = 1.5 }, "GmpEndFraction",
            "RecipeSettings.GmpEndFraction: must be in (0, 1] (got 1.5)" },
        { Valid with { Recipe = "mask-decay", Decay = "cosine" }, "Decay",
            "RecipeSettings.Decay: 'cosine' is not one of step, linear, exp, discrete" },
        { Valid with { Recipe = "mask-decay", Alpha = 0 }, "Alpha",
            "RecipeSettings.Alpha: must be a positive number (got 0)" },
        { Valid with { Recipe = "mask-structure-decay", Decay = "step", Alpha = double.NaN }, "Alpha",
            "RecipeSettings.Alpha: must be a positive number (got NaN)" },
        { Valid with { Recipe = "mask-decay", Every = 0 }, "Every",
            "RecipeSettings.Every: must be at least 1 (got 0)" },
        { Valid with { Recipe = "structure-decay", Structure = "random" }, "Structure",
            "RecipeSettings.Structure: 'random' is not one of stepwise, geometric, custom" },
        { Valid with { Recipe = "structure-decay", Structure = "custom" }, "CustomStages",
            "RecipeSettings.CustomStages: must list at least one stage for RecipeSettings.Structure 'custom'" },
        { Valid with { Recipe = "masked-decay", MaskedDecayLambda = -1 }, "MaskedDecayLambda",
            "RecipeSettings.MaskedDecayLambda: must be a non-negative number (got -1)" },
        { Valid with { Recipe = "masked-decay", MaskInterval = 0 }, "MaskInterval",
            "RecipeSettings.MaskInterval: must be at least 1 (got 0)" },
        { Valid with { Score = "random" }, "Score", "RecipeSettings.Score: 'random' is not one of magnitude, wanda" },
        { Valid with { Score = "wanda" }, "Score",
            "RecipeSettings.Score: 'wanda' is a one-shot score for the static recipe only (recipe is 'ste')" },
        { Valid with { CalibrationBatches = 0 }, "CalibrationBatches",
            "RecipeSettings.CalibrationBatches: must be at least 1 (got 0)" },
        { Valid with { Recipe = "step-adam" }, "DenseSteps",
            "RecipeSettings.DenseSteps: must be at least 1 for the step-adam recipe (got 0): its dense phase " +
            "learns the second moment that is then frozen" },
        { Valid with { Recipe = "step-adam", DenseSteps = 4, StepSwitchMinSteps = 4 }, "StepSwitchMinSteps",
            "RecipeSettings.StepSwitchMinSteps: must be in [0, RecipeSettings.DenseSteps) (got 4)" },
        { Valid with { Recipe = "structure-decay", Structure = "geometric", Frames = 0 }, "Frames",
            "RecipeSettings.Frames: geometric structure decay needs at least 1 frame (got 0)" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_BadSetting_ThrowsOneLineNamingIt(RecipeSettings settings, string property, string message)
    {
        var e = Assert.Throws<SettingException>(settings.Validate);
        Assert.Equal(message, e.Message);
        Assert.Equal("RecipeSettings." + property, e.Setting);
    }

    [Fact]
    public void Constructor_StaticWithoutDensePhase_ThrowsLikeValidate()
    {
        var settings = Valid with { Recipe = "static" };
        var e = Assert.Throws<SettingException>(() => new StaticMaskRecipe(settings));
        Assert.Equal(Assert.Throws<SettingException>(settings.Validate).Message, e.Message);
        Assert.Equal(2, new StaticMaskRecipe(settings with { DenseSteps = 2 }).Plan.DenseSteps);
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

        var e = Assert.Throws<SettingException>(() => RecipeRegistry.Create(settings with
        {
            Pattern = new NmPattern(1, 4),
        }));
        Assert.Equal("RecipeSettings.CustomStages: the last stage (2:4) must be RecipeSettings.Pattern (1:4)",
            e.Message);
    }
}
