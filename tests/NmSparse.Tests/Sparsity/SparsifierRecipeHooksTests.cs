using NmSparse.Recipes;
using NmSparse.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Tests.Sparsity;

/// <summary>The sparsifier's hooks for later recipes: masked decay, Wanda, S-STE scale, flip rate.</summary>
[Collection("Sequential")]
public class SparsifierRecipeHooksTests
{
    [Fact]
    public void Step_MaskedDecayWithoutApplyMaskedDecay_ThrowsNamingTheCall()
    {
        using var model = new SingleLinearNet(4, 1);
        using var sparsifier = Sparsifier.Apply(model,
            RecipeRegistry.Create(new RecipeSettings { Recipe = "masked-decay", Steps = 4 }));
        sparsifier.Step(0);
        var e = Assert.Throws<InvalidOperationException>(() => sparsifier.Step(1));
        Assert.Equal("step 0: the masked-decay recipe needs Sparsifier.ApplyMaskedDecay() after gradient clipping " +
            "and before optimizer.step()", e.Message);
    }

    [Fact]
    public void Step_StepAdamWithoutItsOptimizer_ThrowsAtFirstSparseStep()
    {
        using var model = new SingleLinearNet(4, 1);
        using var sparsifier = Sparsifier.Apply(model,
            RecipeRegistry.Create(new RecipeSettings { Recipe = "step-adam", Steps = 4, DenseSteps = 1 }));
        sparsifier.Step(0);
        var e = Assert.Throws<InvalidOperationException>(() => sparsifier.Step(1));
        Assert.Equal("the step-adam recipe trains with the StepAdam of Sparsifier.CreateOptimizer (or " +
            "IRecipe.CreateOptimizer); none was created", e.Message);
    }

    [Fact]
    public void ModelFlipRate_TwoLayers_WeightsFlipsByWeightCount()
    {
        using var model = nn.Sequential(
            ("a", nn.Linear(4, 2, hasBias: false)), ("b", nn.Linear(8, 2, hasBias: false)));
        using var sparsifier = Sparsifier.Apply(model,
            RecipeRegistry.Create(new RecipeSettings { Recipe = "ste", Steps = 4 }));
        var a = sparsifier.Layers[0].Module.Weight;
        var b = sparsifier.Layers[1].Module.Weight;
        Set(a, [4, 3, 2, 1, 4, 3, 2, 1]);
        Set(b, [4, 3, 2, 1, 4, 3, 2, 1, 4, 3, 2, 1, 4, 3, 2, 1]);
        sparsifier.Step(0);
        // The first update flips every pruned entry of the all-ones mask: 4 of 8 and 8 of 16.
        Assert.Equal(0.5, sparsifier.ModelFlipRate());
        Set(a, [1, 3, 2, 4, 4, 3, 2, 1]);
        sparsifier.Step(1);
        // Row 0 of a keeps [3, 4] instead of [4, 3]: 2 of 8 entries (rate 0.25), b unchanged: 2 / 24 overall.
        Assert.Equal([0.25, 0.0], sparsifier.Diagnostics().Select(d => d.FlipRate));
        Assert.Equal(2.0 / 24, sparsifier.ModelFlipRate());
    }

    [Fact]
    public void CalibrateInputNorms_Wanda_KeepsLargestWeightTimesInputNorm()
    {
        // w = [4, 3, 2, 1], ‖x‖ = [0.25, 0.5, √2, 4] → scores [1, 1.5, 2.83, 4]: Wanda keeps 2, 3; magnitude 0, 1.
        Assert.Equal([0, 0, 1, 1], StaticMask("wanda", calibrate: true, out var norms));
        Assert.Equal([0.25f, 0.5f, MathF.Sqrt(2), 4], norms);
        Assert.Equal([1, 1, 0, 0], StaticMask("magnitude", calibrate: false, out _));
    }

    [Fact]
    public void Step_WandaWithoutCalibration_ThrowsNamingLayerAndSetting()
    {
        var e = Assert.Throws<UserInputException>(() => StaticMask("wanda", calibrate: false, out _));
        Assert.Equal("step 1: layer fc: RecipeSettings.Score 'wanda' needs its input norms: run " +
            "Sparsifier.CalibrateInputNorms before the mask is computed (Linear layers only)", e.Message);
    }

    [Fact]
    public void Step_SSteScaleLoadedFromStateDict_IsNotRecomputed()
    {
        var settings = new RecipeSettings { Recipe = "s-ste", Steps = 4, DenseSteps = 1 };
        byte[] saved;
        using (var model = new SingleLinearNet(4, 1))
        {
            using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(settings));
            model.SetWeight([0.5f, -0.25f, -1.5f, 1.5f]);
            sparsifier.Step(1);  // S = [0, 0, −1, 1]: s = 3/2
            model.SetWeight([0, -0.75f, -2, 1]);  // would give s = 2.75/1.625
            Assert.Contains("fc.scale", model.state_dict().Keys);
            using var stream = new MemoryStream();
            model.save(stream);
            saved = stream.ToArray();
        }
        using var resumed = new SingleLinearNet(4, 1);
        using var again = Sparsifier.Apply(resumed, RecipeRegistry.Create(settings));
        using (var stream = new MemoryStream(saved)) resumed.load(stream);
        again.Step(2);
        Assert.Equal(1.5f, again.Layers[0].Module.Scale!.item<float>());
        using var y = resumed.call(ones(1, 4));
        Assert.Equal(-1.5f, y.item<float>());
    }

    private static float[] StaticMask(string score, bool calibrate, out float[] norms)
    {
        using var model = new SingleLinearNet(4, 1);
        model.SetWeight([4, 3, 2, 1]);
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(
            new RecipeSettings { Recipe = "static", Steps = 2, DenseSteps = 1, Score = score }));
        sparsifier.Step(0);
        Assert.Equal(score == "wanda", sparsifier.NeedsCalibrationAt(1));
        float[][] batches = [[0, 0, 1, 4], [0.25f, 0.5f, 1, 0]];
        if (calibrate) sparsifier.CalibrateInputNorms(2, i => model.call(tensor(batches[i], 1, 4)));
        sparsifier.Step(1);
        var layer = sparsifier.Layers.Single().Module;
        norms = layer.InputNorms?.data<float>().ToArray() ?? [];
        return layer.Mask.data<float>().ToArray();
    }

    private static void Set(Tensor weight, float[] values)
    {
        using var noGrad = no_grad();
        using var source = tensor(values).reshape(weight.shape);
        weight.copy_(source);
    }
}
