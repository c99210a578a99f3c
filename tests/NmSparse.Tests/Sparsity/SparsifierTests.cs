using NmSparse.Flops;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Tests.Sparsity;

[Collection("Sequential")]
public class SparsifierTests
{
    private static readonly RecipeSettings Ste = new() { Recipe = "ste", Steps = 4 };

    [Fact]
    public void Apply_FieldSequentialAndModuleList_WrapsEveryLinearKeepingKeysAndParameters()
    {
        using var model = new TinyNet();
        var before = model.parameters().ToArray();
        var log = new StringWriter();
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste), log: log);

        Assert.Equal(["ff1", "seq.0", "blocks.0"], sparsifier.Layers.Select(l => l.Name));
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        Assert.IsType<SparseLinear>(modules["ff1"]);
        Assert.IsType<SparseLinear>(modules["seq.0"]);
        Assert.IsType<SparseLinear>(modules["blocks.0"]);
        Assert.Equal(before, model.parameters().ToArray());
        Assert.Equal(
            ["blocks.0.bias", "blocks.0.mask", "blocks.0.weight", "ff1.bias", "ff1.mask", "ff1.weight",
                "seq.0.bias", "seq.0.mask", "seq.0.weight"],
            model.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(
            "sparse: ff1 (Linear [4, 8]) as 2:4 along the input dimension\n" +
            "sparse: seq.0 (Linear [4, 4]) as 2:4 along the input dimension\n" +
            "sparse: blocks.0 (Linear [4, 4]) as 2:4 along the input dimension\n",
            log.ToString().ReplaceLineEndings("\n"));

        sparsifier.Step(0);
        using var y = model.call(ones(2, 8));
        Assert.Equal(new long[] { 2, 4 }, y.shape);
    }

    [Fact]
    public void Apply_DenseRecipe_LogsWrappedNeverMasked()
    {
        using var model = new TinyNet();
        var log = new StringWriter();
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste with { Recipe = "dense" }),
            log: log);
        Assert.Equal(
            "wrapped, never masked (dense recipe): ff1 (Linear [4, 8])\n" +
            "wrapped, never masked (dense recipe): seq.0 (Linear [4, 4])\n" +
            "wrapped, never masked (dense recipe): blocks.0 (Linear [4, 4])\n",
            log.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Apply_FieldDeclaredAsLinear_ThrowsAndLeavesModelUntouched()
    {
        using var model = new SealedFieldNet();
        var e = Assert.Throws<UserInputException>(() => Sparsifier.Apply(model, RecipeRegistry.Create(Ste)));
        Assert.Equal("layer fc: field SealedFieldNet.fc is declared as Linear and cannot hold the sparse wrapper; " +
            "declare it as Module<Tensor, Tensor>", e.Message);
        Assert.IsType<Linear>(model.named_modules().Single().module);
    }

    [Fact]
    public void Apply_InputNotDivisibleByM_ThrowsNamingLayerShapeAndOption()
    {
        using var model = new SingleLinearNet(30, 8);
        var e = Assert.Throws<UserInputException>(() => Sparsifier.Apply(model, RecipeRegistry.Create(Ste)));
        Assert.Equal("layer fc weight [8, 30]: not divisible into 2:4 groups along the input dimension; " +
            "use SparsifyOptions.KeepIncompatibleDense to keep it dense", e.Message);
    }

    [Fact]
    public void Apply_KeepIncompatibleDense_LogsAndKeepsLayerDense()
    {
        using var model = new SingleLinearNet(30, 8);
        var log = new StringWriter();
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste),
            new SparsifyOptions { KeepIncompatibleDense = true }, log);
        Assert.Empty(sparsifier.Layers);
        Assert.Equal("kept dense: fc (Linear [8, 30]): weight [8, 30]: not divisible into 2:4 groups along the " +
            "input dimension\n", log.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Apply_RolesKeepDenseAndOverrides_SelectsAndPatternsLayers()
    {
        using var model = new TinyNet();
        var options = new SparsifyOptions
        {
            KeepDense = ["seq.*"],
            PatternOverrides = new Dictionary<string, NmPattern> { ["blocks.*"] = new(1, 4) },
        };
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste), options);
        Assert.Equal(["ff1", "blocks.0"], sparsifier.Layers.Select(l => l.Name));
        Assert.Equal(new NmPattern(1, 4), sparsifier.Layers[1].PatternOverride);

        sparsifier.Step(0);
        Assert.Equal([0.5, 0.25], sparsifier.Diagnostics().Select(d => d.Density));

        using var roles = new TinyNet();
        using var byRole = Sparsifier.Apply(roles, RecipeRegistry.Create(Ste),
            new SparsifyOptions { Roles = new HashSet<LayerRole> { LayerRole.FeedForward } });
        Assert.Equal(["ff1"], byRole.Layers.Select(l => l.Name));
    }

    [Fact]
    public void Step_SteRecipe_ComputesExactTwoFourMaskFromWeights()
    {
        using var model = new SingleLinearNet(8, 2);
        model.SetWeight([1, -2, 3, -4, 0.5f, 6, -7, 1, 4, 4, 4, 4, 0, 0, -1, 0]);
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste));
        var state = sparsifier.Step(0);
        Assert.True(state.IsBinary);
        // Groups of 4 along the input: ties go to the lower index.
        Assert.Equal([0, 0, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1, 0],
            sparsifier.Layers[0].Module.Mask.data<float>().ToArray());
        var d = sparsifier.Diagnostics().Single();
        Assert.Equal(("fc", 0.5, 0.0, new NmPattern(2, 4), 0.5), (d.Name, d.Density, d.Beta, d.Pattern, d.FlipRate));
        Assert.Equal(new long[] { 2, 8 }, d.Shape);
    }

    [Theory]
    [InlineData("ste", 1L, 96L, 192L)]
    [InlineData("static", 1L, 96L, 96L)]
    [InlineData("dense", 1L, 192L, 192L)]
    [InlineData("mask-decay", 2L, 192L, 192L)]
    [InlineData("mask-decay", 4L, 96L, 192L)]
    public void RecordStepFlops_OneSparseStep_CountsExactGemmFlops(
        string recipe, long step, long forward, long weightGrad)
    {
        using var model = new SingleLinearNet(8, 4);
        // Step 0 is dense (static prunes the dense-trained weights at step 1); the counted step is sparse.
        using var sparsifier = Sparsifier.Apply(model,
            RecipeRegistry.Create(new RecipeSettings { Recipe = recipe, Steps = 5, DenseSteps = 1 }));
        sparsifier.Step(0);
        var state = sparsifier.Step(step);
        // The forward GEMMs count dense exactly while β > 0 (dense recipe, mask decay at step 2), masked at β = 0.
        Assert.Equal(forward == 192L, state.Beta > 0.0);
        using var y = model.call(ones(3, 8));
        y.sum().backward();
        sparsifier.RecordStepFlops();
        // 32 weights, 3 rows: dense GEMM = 2·3·32 = 192; the input needs no gradient.
        Assert.Equal(new LayerStepFlops(forward, 0, weightGrad), sparsifier.Flops.Total);
        Assert.Equal(new LayerStepFlops(192, 0, 192), sparsifier.Flops.DenseTotal);
        Assert.Equal(0, sparsifier.Layers[0].Module.CountedRows);
    }

    [Fact]
    public void RecordStepFlops_MasksLoadedBeforeFirstStep_CountsTheLoadedMask()
    {
        // A resume: the static recipe computed a 2:4 mask at step 1 (after one dense step); a fresh sparsifier
        // (all-ones masks) loads it and continues at step 2, where no mask is recomputed, so only the loaded mask
        // tells the kept count.
        var settings = new RecipeSettings { Recipe = "static", Steps = 4, DenseSteps = 1 };
        using var source = new SingleLinearNet(8, 4);
        using var sourceSparsifier = Sparsifier.Apply(source, RecipeRegistry.Create(settings));
        sourceSparsifier.Step(0);
        sourceSparsifier.Step(1);

        using var target = new SingleLinearNet(8, 4);
        using var sparsifier = Sparsifier.Apply(target, RecipeRegistry.Create(settings));
        CopyState(source, target);
        sparsifier.Step(2);
        using var y = target.call(ones(3, 8));
        y.sum().backward();
        sparsifier.RecordStepFlops();

        Assert.Equal(16, sparsifier.Layers[0].Module.KeptWeights);
        // Fixed mask, 16 of 32 weights, 3 rows: every GEMM is 2·3·16 = 96; the input needs no gradient.
        Assert.Equal(new LayerStepFlops(96, 0, 96), sparsifier.Flops.Total);
    }

    [Fact]
    public void Step_OneEightOverride_KeptWeightsIsOnePerGroup()
    {
        using var model = new SingleLinearNet(8, 4);
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste),
            new SparsifyOptions { PatternOverrides = new Dictionary<string, NmPattern> { ["fc"] = new(1, 8) } });

        sparsifier.Step(0);

        SparseLayer layer = sparsifier.Layers[0].Module;
        Assert.Equal(4, layer.KeptWeights);
        Assert.Equal(4.0 / 32, layer.MaskDensity);
    }

    [Fact]
    public void RecordStepFlops_LayerKeptDense_CountsItDenseThroughHook()
    {
        using var model = new TinyNet();
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste),
            new SparsifyOptions { Include = ["ff1"] });
        sparsifier.Step(0);
        using var y = model.call(ones(1, 8));
        sparsifier.RecordStepFlops();
        // ff1: 32 weights at 2:4 → forward 2·16 = 32, input grad 0, weight grad 64. seq.0 and blocks.0 (16 weights,
        // input needs a gradient) dense: 32 + 32 + 32 each.
        Assert.Equal(new LayerStepFlops(32 + 32 + 32, 0 + 32 + 32, 64 + 32 + 32), sparsifier.Flops.Total);
        Assert.Equal(["ff1", "seq.0", "blocks.0"], sparsifier.Flops.PerLayer.Keys);
    }

    [Fact]
    public void BakeMasks_SteWithoutFineTune_BakesMaskOfFinalWeights()
    {
        using var model = new SingleLinearNet(4, 1);
        model.SetWeight([1, -2, 3, -4]);
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste));
        sparsifier.Step(3);
        model.SetWeight([4, -3, 2, -1]);
        sparsifier.BakeMasks();
        var layer = sparsifier.Layers[0].Module;
        Assert.Equal([4, -3, 0, 0], layer.Weight.data<float>().ToArray());
        Assert.Equal(MaskMode.Dense, layer.Mode);
        using var x = tensor(new float[] { 1, 2, 3, 4 }, 1, 4);
        using var y = model.call(x);
        using var plain = nn.functional.linear(x, layer.Weight, layer.Bias);
        Assert.Equal(plain.data<float>().ToArray(), y.data<float>().ToArray());
    }

    [Fact]
    public void Apply_OptimizerBuiltBefore_StillTrainsTheWrappedWeights()
    {
        using var model = new SingleLinearNet(4, 1);
        model.SetWeight([1, -2, 3, -4]);
        using var optimizer = optim.SGD(model.parameters(), 0.5);
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste));
        sparsifier.Step(0);
        using var y = model.call(ones(1, 4));
        y.sum().backward();
        optimizer.step();
        // Straight-through: every weight moves by −0.5.
        Assert.Equal([0.5f, -2.5f, 2.5f, -4.5f], model.Weight.data<float>().ToArray());
    }

    [Fact]
    public void StateDict_WrappedModelRoundTrip_RestoresMasks()
    {
        using var source = new SingleLinearNet(4, 1);
        source.SetWeight([1, -2, 3, -4]);
        using var sourceSparsifier = Sparsifier.Apply(source, RecipeRegistry.Create(Ste));
        sourceSparsifier.Step(0);

        using var target = new SingleLinearNet(4, 1);
        using var targetSparsifier = Sparsifier.Apply(target, RecipeRegistry.Create(Ste));
        CopyState(source, target);
        Assert.Equal([0, 0, 1, 1], targetSparsifier.Layers[0].Module.Mask.data<float>().ToArray());
        Assert.Equal(0.5, targetSparsifier.Layers[0].Module.MaskDensity);
    }

    [Fact]
    public void Step_OutputAxis_GroupsAlongOutputRows()
    {
        using var model = new SingleLinearNet(2, 4);
        // weight [4, 2]: column 0 = 1, −3, 2, 0.5; column 1 = 4, 3, −2, 1.
        model.SetWeight([1, 4, -3, 3, 2, -2, 0.5f, 1]);
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste),
            new SparsifyOptions { Axis = GroupAxis.Output });
        sparsifier.Step(0);
        // Groups of 4 output rows per input column: column 0 keeps rows 1, 2; column 1 keeps rows 0, 1.
        Assert.Equal([0, 1, 1, 1, 1, 0, 0, 0], sparsifier.Layers[0].Module.Mask.data<float>().ToArray());
    }

    [Fact]
    public void Apply_Conv2dInSequential_WrapsAndMasksAlongInputChannels()
    {
        using var model = nn.Sequential(nn.Conv2d(4, 2, kernel_size: 1, bias: false));
        using (no_grad())
            model.parameters().Single().copy_(tensor(TwoByFourWeight.Values, 2, 4, 1, 1));
        using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(Ste));
        Assert.IsType<SparseConv2d>(model.named_modules().Single().module);
        sparsifier.Step(0);
        Assert.Equal(TwoByFourWeight.Mask, sparsifier.Layers[0].Module.Mask.data<float>().ToArray());
        using var y = model.call(ones(1, 4, 3, 3));
        sparsifier.RecordStepFlops();
        // 8 weights, 9 output positions: forward 2·9·4 = 72, weight gradient dense 2·9·8 = 144.
        Assert.Equal(new LayerStepFlops(72, 0, 144), sparsifier.Flops.Total);
    }

    /// <summary>Saves <paramref name="source"/>'s state_dict and loads it into <paramref name="target"/>.</summary>
    private static void CopyState(nn.Module source, nn.Module target)
    {
        var saved = new MemoryStream();
        source.save(saved); // closes the stream; ToArray still works
        using var stream = new MemoryStream(saved.ToArray());
        target.load(stream);
    }

    private sealed class TinyNet : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> ff1;
        private readonly Sequential seq;
        private readonly ModuleList<nn.Module<Tensor, Tensor>> blocks;

        public TinyNet() : base(nameof(TinyNet))
        {
            ff1 = nn.Linear(8, 4);
            seq = nn.Sequential(nn.Linear(4, 4), nn.ReLU());
            blocks = new ModuleList<nn.Module<Tensor, Tensor>>(nn.Linear(4, 4));
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => blocks[0].call(seq.call(ff1.call(x)));
    }

    private sealed class SealedFieldNet : nn.Module<Tensor, Tensor>
    {
        private readonly Linear fc;

        public SealedFieldNet() : base(nameof(SealedFieldNet))
        {
            fc = nn.Linear(8, 4);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => fc.call(x);
    }
}
