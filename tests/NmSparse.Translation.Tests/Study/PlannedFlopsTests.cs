using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Study;

public class PlannedFlopsTests
{
    // A sparsified layer of 8 weights and a dense one of 4, both with 2 rows per step, and 10 other FLOPs a step.
    private static readonly FlopLayer[] Layers = [new("a", 8, 2, true), new("b", 4, 2, false)];
    private const long Remainder = 10;

    private static RecipeSettings Settings(string recipe, long steps) => new()
    {
        Recipe = recipe, Pattern = new NmPattern(1, 2), Steps = steps, Decay = "linear", Alpha = 0.5,
    };

    [Fact]
    public void Total_Dense_ThreeDenseGemmsPerLayerPerStep()
    {
        // Per step: a 3·2·2·8 = 96, b 3·2·2·4 = 48, remainder 10: 154.
        Assert.Equal(4 * 154, PlannedFlops.Total(RecipeRegistry.Create(Settings("dense", 4)), Layers, Remainder));
    }

    [Fact]
    public void Total_SrSte_BinaryForwardAndInputGradDenseWeightGrad()
    {
        // Per step: a keeps 4 of 8: forward 2·2·4 = 16, input grad 16, weight grad 2·2·8 = 32; b 48; 10: 122.
        Assert.Equal(4 * 122, PlannedFlops.Total(RecipeRegistry.Create(Settings("srste", 4)), Layers, Remainder));
    }

    [Fact]
    public void Total_MaskDecay_DenseWhileBetaPositive()
    {
        // β = 1, 0.5, 0, 0: the first two steps cost dense (154), the last two like SR-STE (122).
        Assert.Equal(154 + 154 + 122 + 122,
            PlannedFlops.Total(RecipeRegistry.Create(Settings("mask-decay", 4)), Layers, Remainder));
    }

    [Fact]
    public void StepsForBudget_SrSteWithDenseBudget_RoundsBudgetOverMeanStepCost()
    {
        // Dense 10 steps: 1540 FLOPs; SR-STE costs 122 a step: 1540 / 122 = 12.62 → 13 steps.
        Assert.Equal(13, PlannedFlops.StepsForBudget(1540, Settings("srste", 10), Layers, Remainder));
        // Mask decay over 4 steps costs 552 (mean 138): 616 / 138 = 4.46 → 4.
        Assert.Equal(4, PlannedFlops.StepsForBudget(616, Settings("mask-decay", 4), Layers, Remainder));
    }

    [Fact]
    public void TransformerFlopLayers_TinyWithFeedForwardKeptDense_SixteenLayersTwelveSparsified()
    {
        var options = TrainingPresets.Get("tiny") with { KeepDense = ["*ff1", "*ff2"] };
        var config = options.Model with { VocabSize = 40, MaxLength = 80 };
        var layers = TransformerFlopLayers.For(config, options, Settings("srste", 4));
        // 1 encoder layer (4 attention projections + 2 FF) and 1 decoder layer (8 + 2); batch 256 / 24 = 10 sentences.
        Assert.Equal(16, layers.Count);
        Assert.Equal(12, layers.Count(l => l.Sparsified));
        Assert.All(layers, l => Assert.Equal(240, l.Rows));
        Assert.Equal(32 * 64, layers.Single(l => l.Name == "encoder.layers.0.ff1").Weights);
        Assert.False(layers.Single(l => l.Name == "encoder.layers.0.ff1").Sparsified);
        Assert.True(layers.Single(l => l.Name == "decoder.layers.0.cross_attn.k_proj").Sparsified);
    }
}
