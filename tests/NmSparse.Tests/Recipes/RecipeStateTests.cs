using NmSparse.Masks;
using NmSparse.Optim;
using NmSparse.Recipes;
using NmSparse.Schedules;

namespace NmSparse.Tests.Recipes;

/// <summary>Phase, N:M, β and mask-update steps of every recipe for S = 8, D = 2, F = 2 (L = 4).</summary>
public class RecipeStateTests
{
    private static IRecipe Create(string recipe, RecipeSettings? extra = null) => RecipeRegistry.Create(
        (extra ?? new RecipeSettings()) with { Recipe = recipe, Steps = 8, DenseSteps = 2, FineTuneSteps = 2 });

    private static string States(IRecipe recipe) => string.Join(" ",
        Enumerable.Range(0, 8).Select(s => recipe.StateAt(s)).Select(s => $"{s.Phase}:{s.Pattern}:{s.Beta}"));

    private static string Updates(IRecipe recipe) =>
        string.Concat(Enumerable.Range(0, 8).Select(s => recipe.UpdatesMaskAt(s) ? 'U' : '.'));

    [Fact]
    public void StateAt_Ste_DenseThenTargetWithBinaryMask()
    {
        var recipe = Create("ste");
        Assert.Equal("Dense:4:4:1 Dense:4:4:1 Sparse:2:4:0 Sparse:2:4:0 Sparse:2:4:0 Sparse:2:4:0 " +
            "FineTune:2:4:0 FineTune:2:4:0", States(recipe));
        Assert.Equal("..UUUUU.", Updates(recipe));
        Assert.Equal(0.0, recipe.SrSteLambda);
        Assert.True(recipe.UpdatesPrunedWeights(recipe.StateAt(5)));
        Assert.False(recipe.UpdatesPrunedWeights(recipe.StateAt(6)));
    }

    [Fact]
    public void StateAt_SrSte_LikeSteWithDefaultLambda()
    {
        var recipe = Create("srste");
        Assert.Equal(States(Create("ste")), States(recipe));
        Assert.Equal(2e-4, recipe.SrSteLambda);
    }

    [Theory]
    [InlineData("mask-decay", 3e-4)]
    [InlineData("structure-decay", 3e-4)]
    [InlineData("mask-structure-decay", 3e-4)]
    [InlineData("ste", 0.0)]
    [InlineData("srste", 2e-4)]
    [InlineData("dense", 0.0)]
    public void DecaySrSteLambda_ReachesTheDecayRecipesOnly(string name, double expected)
    {
        var recipe = Create(name, new RecipeSettings { DecaySrSteLambda = 3e-4 });
        Assert.Equal(expected, recipe.SrSteLambda);
        Assert.Equal(States(Create(name)), States(recipe));
    }

    [Fact]
    public void StateAt_Dense_EveryStepDense()
    {
        var recipe = Create("dense");
        Assert.Equal(string.Join(" ", Enumerable.Repeat("Dense:4:4:1", 8)), States(recipe));
        Assert.Equal("........", Updates(recipe));
    }

    [Fact]
    public void UpdatesMaskAt_Static_OnlyFirstNonDenseStepAndPrunedWeightsFrozen()
    {
        var recipe = Create("static");
        Assert.Equal("..U.....", Updates(recipe));
        Assert.False(recipe.UpdatesPrunedWeights(recipe.StateAt(3)));
        Assert.Equal(States(Create("ste")), States(recipe));
    }

    [Fact]
    public void StateAt_MaskDecayLinearDefault_BetaFallsByHalfPerStep()
    {
        // Default α = 2/L = 0.5: β = 1, 0.5, 0, 0 over the sparse phase.
        var recipe = Create("mask-decay");
        Assert.Equal("Dense:4:4:1 Dense:4:4:1 Sparse:2:4:1 Sparse:2:4:0.5 Sparse:2:4:0 Sparse:2:4:0 " +
            "FineTune:2:4:0 FineTune:2:4:0", States(recipe));
        Assert.Equal("..UUUUU.", Updates(recipe));
    }

    [Fact]
    public void StateAt_MaskDecayDiscrete_BetaStairs()
    {
        var recipe = Create("mask-decay", new RecipeSettings { Decay = "discrete", Alpha = 0.25, Every = 2 });
        Assert.Equal([1.0, 1.0, 0.75, 0.75], Enumerable.Range(2, 4).Select(s => recipe.StateAt(s).Beta));
    }

    [Fact]
    public void StateAt_StructureDecayStepwise_TightensToTarget()
    {
        // 1:4 stepwise: frames 3:4, 2:4, 1:4 over L = 4 → frame ⌊3t/4⌋ = 0, 0, 1, 2.
        var recipe = Create("structure-decay", new RecipeSettings { Pattern = new NmPattern(1, 4) });
        Assert.Equal("Dense:4:4:1 Dense:4:4:1 Sparse:3:4:0 Sparse:3:4:0 Sparse:2:4:0 Sparse:1:4:0 " +
            "FineTune:1:4:0 FineTune:1:4:0", States(recipe));
    }

    [Fact]
    public void StateAt_StructureDecayGeometric_ShrinksGroupSize()
    {
        var recipe = Create("structure-decay",
            new RecipeSettings { Pattern = new NmPattern(1, 4), Structure = "geometric", Frames = 2 });
        Assert.Equal(["2:8", "2:8", "1:4", "1:4"],
            Enumerable.Range(2, 4).Select(s => recipe.StateAt(s).Pattern.ToString()));
        Assert.Equal(TrainingPhase.Dense, recipe.StateAt(1).Phase);
        Assert.Equal(new NmPattern(4, 4), recipe.StateAt(1).Pattern);
    }

    [Fact]
    public void StateAt_MaskStructureDecay_CombinesBothSchedules()
    {
        var recipe = Create("mask-structure-decay", new RecipeSettings { Pattern = new NmPattern(1, 4) });
        Assert.Equal("Dense:4:4:1 Dense:4:4:1 Sparse:3:4:1 Sparse:3:4:0.5 Sparse:2:4:0 Sparse:1:4:0 " +
            "FineTune:1:4:0 FineTune:1:4:0", States(recipe));
    }

    [Fact]
    public void UpdatesMaskAt_GmpEveryStepUntilThreeQuartersOfSparsePhase()
    {
        // Pruning from D = 2 to D + round(0.75·4) = 5, every step.
        var recipe = (GradualMagnitudeRecipe)Create("gmp", new RecipeSettings { GmpFrequency = 1 });
        Assert.Equal("..UUUU..", Updates(recipe));
        Assert.False(recipe.UpdatesPrunedWeights(recipe.StateAt(3)));
        Assert.Equal([1.0, 1.0, 0.5], new long[] { 1, 2, 5 }.Select(recipe.DensitySchedule.DensityAt));
    }

    [Fact]
    public void StateAt_SSte_LikeSteWithSoftThresholdWeight()
    {
        var recipe = Create("s-ste");
        Assert.Equal(States(Create("ste")), States(recipe));
        Assert.Equal("..UUUUU.", Updates(recipe));
        Assert.Equal(SparseWeightForm.SoftThreshold, recipe.WeightForm);
        Assert.Equal(SparseWeightForm.Masked, Create("ste").WeightForm);
    }

    [Fact]
    public void StateAt_MaskedDecay_MasksEveryKSparseStepsThenDenseFineTune()
    {
        var recipe = Create("masked-decay", new RecipeSettings { MaskInterval = 3 });
        Assert.Equal("Dense:4:4:1 Dense:4:4:1 Sparse:2:4:0 Sparse:2:4:0 Sparse:2:4:0 Sparse:2:4:0 " +
            "FineTune:4:4:1 FineTune:4:4:1", States(recipe));
        Assert.Equal("..U..U..", Updates(recipe));
        Assert.Equal(6e-5, recipe.MaskedDecayLambda);
        Assert.Equal(0.0, Create("srste").MaskedDecayLambda);
    }

    [Fact]
    public void StateAt_StepAdamAutoSwitch_SparsePhaseStartsWhereOptimizerFroze()
    {
        // ε = 10 passes the AutoSwitch test after the first step (t = 1 > T_min = 0): sparse from step 1, not D = 2.
        var recipe = Create("step-adam", new RecipeSettings { StepAutoSwitch = true, StepSwitchMinSteps = 0 });
        Assert.Equal("Dense:4:4:1 Dense:4:4:1 Sparse:2:4:0", string.Join(" ", Enumerable.Range(0, 3)
            .Select(s => recipe.StateAt(s)).Select(s => $"{s.Phase}:{s.Pattern}:{s.Beta}")));
        using var p = new TorchSharp.Modules.Parameter(TorchSharp.torch.ones(4));
        var adam = (StepAdam)recipe.CreateOptimizer([p], [p], new AdamOptions { Eps = 10 });
        using (var loss = p.sum()) loss.backward();
        adam.step();
        Assert.Equal(1L, adam.FrozenAt);
        Assert.Equal("Dense Sparse Sparse",
            string.Join(" ", Enumerable.Range(0, 3).Select(s => recipe.StateAt(s).Phase)));
        Assert.Equal(".UUUUUU.", Updates(recipe));
    }

    [Fact]
    public void Create_EveryRegisteredName_BuildsRecipeOfThatName()
    {
        foreach (string name in RecipeRegistry.Names) Assert.Equal(name, Create(name).Name);
    }
}
