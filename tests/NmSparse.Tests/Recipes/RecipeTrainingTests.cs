using NmSparse.Flops;
using NmSparse.Masks;
using NmSparse.Optim;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using NmSparse.Tests.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Tests.Recipes;

/// <summary>
/// Trains a 4-weight Linear (no bias) for S = 4 steps (D = 1, F = 1, L = 2) with SGD (lr 0.5) on loss = y for
/// x = ones, so ∂loss/∂(masked weight) = 1 everywhere and every step can be followed by hand (all values are
/// exact binary fractions). Starting weight w0 = [0.75, 0.25, −0.5, 1.5]; after the dense step 0,
/// w1 = [0.25, −0.25, −1, 1].
/// </summary>
[Collection("Sequential")]
public class RecipeTrainingTests
{
    private static readonly float[] W0 = [0.75f, 0.25f, -0.5f, 1.5f];

    [Fact]
    public void Train_Ste_MaskFollowsWeightsThenFreezesInFineTune()
    {
        // step 1: m = [0,0,1,1] (ties keep the lower index), all weights −0.5 → w2 = [−.25, −.75, −1.5, .5];
        // step 2: m = [0,1,1,0] → w3 = [−.75, −1.25, −2, 0]; step 3 (fine-tune): m = [0,1,1,0], only kept move.
        var run = Train(new RecipeSettings { Recipe = "ste" }, W0);
        Assert.Equal([2, 0, -2.25f, -3.25f], run.Outputs);
        Assert.Equal([0, 1, 1, 0], run.Mask);
        Assert.Equal([0, -1.75f, -2.5f, 0], run.Weight);
        // 4 weights, 1 row: dense GEMM 8; sparse 4. Weight gradient dense until fine-tune.
        Assert.Equal(new LayerStepFlops(8 + 4 + 4 + 4, 0, 8 + 8 + 8 + 4), run.Flops.Total);
        Assert.Equal(new LayerStepFlops(32, 0, 32), run.Flops.DenseTotal);
    }

    [Fact]
    public void Train_Static_MaskOfFirstSparseStepStaysAndPrunedWeightsFreeze()
    {
        // m = [0,0,1,1] from w1, then only weights 2 and 3 move.
        var run = Train(new RecipeSettings { Recipe = "static" }, W0);
        Assert.Equal([2, 0, -1, -2], run.Outputs);
        Assert.Equal([0, 0, 1, 1], run.Mask);
        Assert.Equal([0, 0, -2.5f, -0.5f], run.Weight);
        Assert.Equal(new LayerStepFlops(8 + 4 + 4 + 4, 0, 8 + 4 + 4 + 4), run.Flops.Total);
    }

    [Fact]
    public void Train_SrSte_PrunedWeightsDecayTowardZero()
    {
        // λ = 0.5: step 1 grad = 1 + 0.5·(1−m)⊙w1 = [1.125, .875, 1, 1] → w2 = [−.3125, −.6875, −1.5, .5];
        // step 2: m = [0,1,1,0], grad = [.84375, 1, 1, 1.25] → w3 = [−.734375, −1.1875, −2, −.125].
        var run = Train(new RecipeSettings { Recipe = "srste", SrSteLambda = 0.5 }, W0);
        Assert.Equal([2, 0, -2.1875f, -3.1875f], run.Outputs);
        Assert.Equal([0, 1, 1, 0], run.Mask);
        Assert.Equal([0, -1.6875f, -2.5f, 0], run.Weight);
    }

    [Fact]
    public void Train_MaskDecay_BetaOneThenHalfThenBinary()
    {
        // β = 1 at step 1 (plain dense forward), 0.5 at step 2: y = .5·(−.25) − .75 − 1.5 + .5·.5 = −2.125.
        var run = Train(new RecipeSettings { Recipe = "mask-decay", Alpha = 0.5 }, W0);
        Assert.Equal([2, 0, -2.125f, -3.25f], run.Outputs);
        Assert.Equal([0, -1.75f, -2.5f, 0], run.Weight);
        Assert.Equal(new LayerStepFlops(8 + 8 + 8 + 4, 0, 8 + 8 + 8 + 4), run.Flops.Total);
    }

    [Fact]
    public void Train_MaskDecayWithSrSteLambda_BetaDecayForwardAndSrSteGradient()
    {
        // α = λ = 0.5. Step 1: β = 1 (dense forward, y = 0), m = [0,0,1,1], grad = 1 + .5·(1−m)⊙w1 = [1.125, .875,
        // 1, 1] → w2 = [−.3125, −.6875, −1.5, .5]. Step 2: β = .5, m = [0,1,1,0],
        // y = .5·(−.3125) − .6875 − 1.5 + .5·.5 = −2.09375, grad = [.84375, 1, 1, 1.25] → w3 = [−.734375, −1.1875,
        // −2, −.125]. Step 3 (fine-tune): m = [0,1,1,0], y = −3.1875, kept weights −0.5.
        var run = Train(new RecipeSettings { Recipe = "mask-decay", Alpha = 0.5, DecaySrSteLambda = 0.5 }, W0);
        Assert.Equal([2, 0, -2.09375f, -3.1875f], run.Outputs);
        Assert.Equal([0, 1, 1, 0], run.Mask);
        Assert.Equal([0, -1.6875f, -2.5f, 0], run.Weight);
        Assert.Equal(new LayerStepFlops(8 + 8 + 8 + 4, 0, 8 + 8 + 8 + 4), run.Flops.Total);
    }

    [Fact]
    public void Train_StructureDecayWithSrSteLambda_PrunedWeightsOfEachFrameDecay()
    {
        // λ = 0.5, 1:4 in frames 3:4, 2:4, 1:4. Step 1 (3:4): m = [1,0,1,1], y = .25 − 1 + 1 = .25,
        // grad = 1 + .5·(1−m)⊙w1 = [1, .875, 1, 1] → w2 = [−.25, −.6875, −1.5, .5]. Step 2 (2:4): m = [0,1,1,0],
        // y = −2.1875, grad = [.875, 1, 1, 1.25] → w3 = [−.6875, −1.1875, −2, −.125]. Step 3 (1:4, fine-tune):
        // m = [0,0,1,0], y = −2, the kept weight −0.5.
        var run = Train(new RecipeSettings
        {
            Recipe = "structure-decay", Pattern = new NmPattern(1, 4), DecaySrSteLambda = 0.5,
        }, W0);
        Assert.Equal([2, 0.25f, -2.1875f, -2], run.Outputs);
        Assert.Equal([0, 0, 1, 0], run.Mask);
        Assert.Equal([0, 0, -2.5f, 0], run.Weight);
    }

    [Fact]
    public void Train_StructureDecay_ThreeFourThenTwoFourThenOneFour()
    {
        // step 1 (3:4): m = [1,0,1,1]; step 2 (2:4): m = [0,1,1,0]; step 3 (1:4): m = [0,0,1,0].
        var run = Train(new RecipeSettings { Recipe = "structure-decay", Pattern = new NmPattern(1, 4) }, W0);
        Assert.Equal([2, 0.25f, -2.25f, -2], run.Outputs);
        Assert.Equal([0, 0, 1, 0], run.Mask);
        Assert.Equal([0, 0, -2.5f, 0], run.Weight);
        Assert.Equal(new LayerStepFlops(8 + 6 + 4 + 2, 0, 8 + 8 + 8 + 2), run.Flops.Total);
    }

    [Fact]
    public void Train_MaskStructureDecay_DecaysBetaAndStructure()
    {
        var run = Train(new RecipeSettings
        {
            Recipe = "mask-structure-decay", Pattern = new NmPattern(1, 4), Alpha = 0.5,
        }, W0);
        Assert.Equal([2, 0, -2.125f, -2], run.Outputs);
        Assert.Equal([0, 0, -2.5f, 0], run.Weight);
    }

    [Fact]
    public void Train_Dense_NoMaskAndWeightsUntouchedByBakeMasks()
    {
        var run = Train(new RecipeSettings { Recipe = "dense" }, W0);
        Assert.Equal([2, 0, -2, -4], run.Outputs);
        Assert.Equal([1, 1, 1, 1], run.Mask);
        Assert.Equal([-1.25f, -1.75f, -2.5f, -0.5f], run.Weight);
        Assert.Equal(run.Flops.DenseTotal, run.Flops.Total);
    }

    [Fact]
    public void Train_GmpPerLayer_DensityOneThenFiveEighthsThenHalf()
    {
        // 8 weights, pruning from step 1 to 3 every step: density 1, 0.5625 (round(4.5) = 5 kept), then 0.5.
        // w1 = [.25, −.25, −1, 1, .75, −1.5, 0, 1.5]; step 1 keeps all → w2 = w1 − .5;
        // step 2 keeps |w2| = [.25,.75,1.5,.5,.25,2,.5,1] top 5 (tie at .5: index 3) → m = [0,1,1,1,0,1,0,1];
        // step 3 ranks |w3⊙m| = [0,1.25,2,0,0,2.5,0,.5] → m = [0,1,1,0,0,1,0,1].
        float[] w0 = [0.75f, 0.25f, -0.5f, 1.5f, 1.25f, -1.0f, 0.5f, 2.0f];
        var run = Train(new RecipeSettings { Recipe = "gmp", GmpFrequency = 1, GmpEndFraction = 1.0 }, w0);
        Assert.Equal([0, 1, 1, 0, 0, 1, 0, 1], run.Mask);
        Assert.Equal([0, -1.75f, -2.5f, 0, 0, -3, 0, 0], run.Weight);
        // Dense GEMM 16; fixed masks shrink every GEMM: step 1 dense (16), step 2 five kept (10), step 3 four (8).
        Assert.Equal(new LayerStepFlops(16 + 16 + 10 + 8, 0, 16 + 16 + 10 + 8), run.Flops.Total);
    }

    [Fact]
    public void ComputeMasks_GmpGlobal_RanksAllLayersTogether()
    {
        var recipe = RecipeRegistry.Create(new RecipeSettings
        {
            Recipe = "gmp", Steps = 4, GmpGlobal = true, GmpFrequency = 1, GmpEndFraction = 0.5,
        });
        using var a = tensor(new float[] { 4, 3, 2, 1 });
        using var b = tensor(new float[] { 8, 7, 6, 5 });
        using var ones4 = ones(4);
        var targets = new[]
        {
            new MaskTarget("a", a, ones4, new NmPattern(2, 4), GroupAxis.Input),
            new MaskTarget("b", b, ones4, new NmPattern(2, 4), GroupAxis.Input),
        };
        // End at step 2: the target density 0.5 over all 8 weights keeps b entirely.
        var masks = recipe.ComputeMasks(targets, recipe.StateAt(2));
        Assert.Equal([0, 0, 0, 0], masks[0].Mask.data<float>().ToArray());
        Assert.Equal([1, 1, 1, 1], masks[1].Mask.data<float>().ToArray());
        Assert.Equal([0L, 4L], masks.Select(m => m.Kept));
    }

    [Fact]
    public void Train_SSte_SoftThresholdWithScaleFixedAtFirstSparseStep()
    {
        // w1 = [.5, −.25, −1.5, 1.5]: m = [0,0,1,1], t = .5, S = [0,0,−1,1], s = (1.5 + 1.5)/2 = 1.5, y = 0;
        // w2 = [0, −.75, −2, 1]: t = .75, S = [0,0,−1.25,.25] → y = −1.5; fine-tune: w3 = [−.5, −1.25, −2.5, .5],
        // m = [0,1,1,0], t = .5 → y = 1.5·(−.75 − 2) = −4.125; only kept weights move; baked 1.5·S(w4).
        var run = Train(new RecipeSettings { Recipe = "s-ste" }, [1, 0.25f, -1, 2]);
        Assert.Equal([2.25f, 0, -1.5f, -4.125f], run.Outputs);
        Assert.Equal([0, 1, 1, 0], run.Mask);
        Assert.Equal([0, -1.875f, -3.75f, 0], run.Weight);
        Assert.Equal(new LayerStepFlops(8 + 4 + 4 + 4, 0, 8 + 8 + 8 + 4), run.Flops.Total);
    }

    [Fact]
    public void Train_MaskedDecay_DecaysPrunedGradientsKeepsMaskKStepsThenTrainsDense()
    {
        // λ = 0.5, K = 2: m = [0,0,1,1] from w1 at step 1 and kept at step 2; grad = 1 + 0.5·(1−m)⊙w:
        // w2 = [−.3125, −.6875, −1.5, .5], y2 = −1; w3 = [−.734375, −1.015625, −2, 0]; step 3 dense, y3 = −3.75.
        var run = Train(new RecipeSettings { Recipe = "masked-decay", MaskedDecayLambda = 0.5, MaskInterval = 2 },
            W0);
        Assert.Equal([2, 0, -1, -3.75f], run.Outputs);
        Assert.Equal([0, 0, 1, 1], run.Mask);
        Assert.Equal([-1.234375f, -1.515625f, -2.5f, -0.5f], run.Weight);
        Assert.Equal(new LayerStepFlops(8 + 4 + 4 + 8, 0, 8 + 8 + 8 + 8), run.Flops.Total);
    }

    [Fact]
    public void Train_StepAdam_SecondMomentFrozenAfterDensePhase()
    {
        var moments = new List<float>();
        StepAdam? adam = null;
        var run = Train(new RecipeSettings { Recipe = "step-adam" }, W0, (sparsifier, model) =>
        {
            adam = (StepAdam)sparsifier.CreateOptimizer(model.parameters(), new AdamOptions { LearningRate = 0.5 });
            return adam;
        }, observe: weight => moments.Add(adam!.SecondMoment(weight).data<float>()[0]));
        // v = 0.001·g² after the dense step 0 (g = 1), then frozen for the sparse and fine-tune steps.
        Assert.Equal(1L, adam!.FrozenAt);
        Assert.Equal([0.001f, 0.001f, 0.001f, 0.001f], moments);
        Assert.Equal(2, run.Mask.Sum());
    }

    private static (float[] Outputs, float[] Mask, float[] Weight, FlopAccountant Flops) Train(
        RecipeSettings settings, float[] w0,
        Func<Sparsifier, SingleLinearNet, TorchSharp.Modules.OptimizerHelper>? createOptimizer = null,
        Action<TorchSharp.Modules.Parameter>? observe = null)
    {
        settings = settings with { Steps = 4, DenseSteps = 1, FineTuneSteps = 1 };
        using var model = new SingleLinearNet(w0.Length, 1);
        model.SetWeight(w0);
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(settings));
        using var optimizer = createOptimizer?.Invoke(sparsifier, model) ?? optim.SGD(model.parameters(), 0.5);
        using var x = ones(1, w0.Length);
        var outputs = new List<float>();
        for (long step = 0; step < settings.Steps; step++)
        {
            using var scope = NewDisposeScope();
            sparsifier.Step(step);
            optimizer.zero_grad();
            var y = model.call(x);
            outputs.Add(y.item<float>());
            y.sum().backward();
            sparsifier.ApplyMaskedDecay();
            optimizer.step();
            sparsifier.RecordStepFlops();
            observe?.Invoke(sparsifier.SparseWeights.Single());
        }
        sparsifier.BakeMasks();
        var layer = sparsifier.Layers.Single().Module;
        return (outputs.ToArray(), layer.Mask.data<float>().ToArray(), layer.Weight.data<float>().ToArray(),
            sparsifier.Flops);
    }
}
