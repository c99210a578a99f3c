using NmSparse.Masks;
using NmSparse.Optim;
using NmSparse.Recipes;
using NmSparse.Translation.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Training;

[Collection("Sequential")]
public class DivergenceGuardTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    [Fact]
    public void Run_AbsurdLearningRate_StopsNamingStepAndLastCleanCheckpointAndEveryCheckpointIsFinite()
    {
        // A save would happen after every step; the learning rate makes the weights blow up within a few steps.
        var options = TrainingPresets.Get("tiny") with { LearningRate = 1e6, CheckpointEvery = 1, Threads = 1 };
        var recipe = options.WithPhases(new RecipeSettings { Recipe = "ste", Pattern = new NmPattern(2, 4) });
        var run = new RunDirectory(_corpus.RunPath("diverge"));
        var request = new TrainingRequest(_corpus.Data, run, options, recipe, Resume: false);
        var trainer = new TranslationTrainer(request, new SilentObserver());

        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Run());

        // Step 3's gradients are not finite: the step is not taken, and checkpoint-last still holds step 2. Whether
        // the overflow shows as NaN or as Infinity depends on the CPU's kernels (NaN on AMD EPYC with AVX2 or
        // AVX-512, Infinity on an Intel Xeon with AVX-512); both must stop the run the same way.
        Assert.Matches(@"^gradient norm is (NaN|Infinity) in step 3/40; stopped before the optimizer step", e.Message);
        Assert.Contains($"last clean checkpoint: {run.LastCheckpoint} (after step 2)", e.Message);
        Assert.Equal(2, CheckpointHeader.Read(run.LastCheckpoint).Header.NextStep);
        var checkpoints = Directory.GetFiles(run.Root, "*.ckpt");
        string tokenizer = Path.Combine(_corpus.Data, "spm.model");
        Assert.Equal([run.LastCheckpoint], checkpoints);
        foreach (string checkpoint in checkpoints)
            Assert.Empty(CheckpointTensors.NonFinite(checkpoint, options, recipe, tokenizer));
    }

    [Fact]
    public void CheckState_StepAdamFrozenSecondMomentNaN_StopsBeforeCheckpoint()
    {
        // step-adam keeps its moments in StepAdam, not in Adam states: a NaN in a frozen v must stop the run too,
        // or the checkpoint a resumed run starts from would carry it.
        var options = TrainingPresets.Get("tiny") with { Threads = 1, DenseSteps = 2 };
        var recipe = options.WithPhases(new RecipeSettings { Recipe = "step-adam", Pattern = new NmPattern(2, 4) });
        var session = Session(options, recipe, "step-adam");
        using var model = session.Model;
        var guard = new DivergenceGuard(session, options.Steps);
        var stepAdam = Assert.IsType<StepAdam>(session.Optimizer);
        // Two optimizer steps on zero gradients: v switches to frozen after the dense phase's D = 2 steps.
        for (int i = 0; i < 2; i++)
        {
            foreach (var p in model.parameters()) p.grad = zeros_like(p);
            stepAdam.step();
        }
        Assert.Equal(2, stepAdam.FrozenAt);
        guard.CheckState(1);

        using (no_grad()) stepAdam.SecondMoment(session.Sparsifier.SparseWeights[0]).index_put_(float.NaN, 0, 0);

        var e = Assert.Throws<TrainingDivergedException>(() => guard.CheckState(4));
        Assert.StartsWith("weights or optimizer state hold NaN/inf after step 5/40; stopped before writing a " +
            "checkpoint, so nothing non-finite was saved; last clean checkpoint: none written yet", e.Message);
    }

    [Fact]
    public void CheckState_AdamSecondMomentNaN_StopsBeforeCheckpoint()
    {
        // Adam's moments live in TorchSharp's Adam.State, which NmSparse.Optim.Adam keeps (its checkpoint format is
        // TorchSharp Adam's): the guard must see them.
        var options = TrainingPresets.Get("tiny") with { Threads = 1 };
        var recipe = options.WithPhases(new RecipeSettings { Recipe = "ste", Pattern = new NmPattern(2, 4) });
        var session = Session(options, recipe, "adam");
        using var model = session.Model;
        var guard = new DivergenceGuard(session, options.Steps);
        var adam = Assert.IsType<NmSparse.Optim.Adam>(session.Optimizer);
        foreach (var p in model.parameters()) p.grad = zeros_like(p);
        adam.step();
        guard.CheckState(0);

        using (no_grad()) ((TorchSharp.Modules.Adam.State)adam.state_dict().State[^1]).exp_avg_sq.fill_(float.NaN);

        var e = Assert.Throws<TrainingDivergedException>(() => guard.CheckState(1));
        Assert.StartsWith("weights or optimizer state hold NaN/inf after step 2/40; stopped before writing a " +
            "checkpoint", e.Message);
    }

    [Fact]
    public void AllFinite_OneInfAmongFiniteTensors_IsFalse()
    {
        using var finite = tensor(new[] { 1f, -2f });
        using var poisoned = tensor(new[] { 0f, float.PositiveInfinity });
        Assert.Equal((true, false, true), (DivergenceGuard.AllFinite([finite, finite]),
            DivergenceGuard.AllFinite([finite, poisoned]), DivergenceGuard.AllFinite([])));
    }

    [Theory]
    [InlineData(0.0, 3f, 4f)] // measured only
    [InlineData(1.0, 0.6f, 0.8f)] // clipped to norm 1
    public void GradientNorm_GradientsThreeAndFour_IsFive(double clipNorm, float first, float second)
    {
        using var a = new Parameter(tensor(new[] { 0f }));
        using var b = new Parameter(tensor(new[] { 0f }));
        a.grad = tensor(new[] { 3f });
        b.grad = tensor(new[] { 4f });
        Assert.Equal(5.0, DivergenceGuard.GradientNorm([a, b], clipNorm), 6);
        // Clipping scales by max_norm / (norm + 1e-6), as PyTorch does.
        Assert.Equal(first, a.grad!.item<float>(), 6);
        Assert.Equal(second, b.grad!.item<float>(), 6);
    }

    private TrainingSession Session(TrainingOptions options, RecipeSettings recipe, string run) =>
        TrainingSession.Create(new TrainingRequest(_corpus.Data, new RunDirectory(_corpus.RunPath(run)), options,
            recipe, Resume: false), TranslationData.Load(_corpus.Data, options.MaxTokens), CPU, new SilentObserver());
}
