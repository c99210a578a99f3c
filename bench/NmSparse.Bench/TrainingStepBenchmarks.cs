using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NmSparse.Optim;
using NmSparse.Recipes;
using NmSparse.Sparsity;
using static TorchSharp.torch;

namespace NmSparse.Bench;

/// <summary>
/// One training step (Sparsifier.Step, forward, backward, Adam step, RecordStepFlops) of each sparse recipe against
/// the same step of the plain dense model, on Transformer-sized feed-forward blocks: 4 × (Linear 512→2048, ReLU,
/// Linear 2048→512) on 2048 tokens. The recipes run in their most expensive regime: masks recomputed every step
/// (GMP every 100 steps, as configured by default) and 0 &lt; β &lt; 1 for mask decay. Goal: ≤ 1.05× dense.
/// dotnet run -c Release --project bench/NmSparse.Bench -- --filter '*TrainingStep*' --job short
/// </summary>
[Config(typeof(InProcessConfig))]
public class TrainingStepBenchmarks
{
    private const int Blocks = 4;
    private const int Model = 512;
    private const int Hidden = 2048;
    private const int Tokens = 2048;

    private nn.Module<Tensor, Tensor>? _model;
    private optim.Optimizer? _optimizer;
    private Sparsifier? _sparsifier;
    private Tensor? _input;
    private long _step;

    [GlobalSetup(Target = nameof(Dense))] public void SetupDense() => Setup(null);
    [GlobalSetup(Target = nameof(Static))] public void SetupStatic() => Setup("static");
    [GlobalSetup(Target = nameof(Ste))] public void SetupSte() => Setup("ste");
    [GlobalSetup(Target = nameof(SrSte))] public void SetupSrSte() => Setup("srste");
    [GlobalSetup(Target = nameof(MaskDecay))] public void SetupMaskDecay() => Setup("mask-decay");
    [GlobalSetup(Target = nameof(StructureDecay))] public void SetupStructureDecay() => Setup("structure-decay");
    [GlobalSetup(Target = nameof(MaskStructureDecay))] public void SetupBoth() => Setup("mask-structure-decay");
    [GlobalSetup(Target = nameof(Gmp))] public void SetupGmp() => Setup("gmp");

    [Benchmark(Baseline = true)] public float Dense() => TrainStep();
    [Benchmark] public float Static() => TrainStep();
    [Benchmark] public float Ste() => TrainStep();
    [Benchmark] public float SrSte() => TrainStep();
    [Benchmark] public float MaskDecay() => TrainStep();
    [Benchmark] public float StructureDecay() => TrainStep();
    [Benchmark] public float MaskStructureDecay() => TrainStep();
    [Benchmark] public float Gmp() => TrainStep();

    [GlobalCleanup]
    public void Cleanup()
    {
        _sparsifier?.Dispose();
        _optimizer?.Dispose();
        _model?.Dispose();
        _input?.Dispose();
        (_sparsifier, _optimizer, _model, _input) = (null, null, null, null);
    }

    private void Setup(string? recipe)
    {
        manual_seed(1);
        var layers = new List<nn.Module<Tensor, Tensor>>();
        for (int i = 0; i < Blocks; i++)
            layers.AddRange([nn.Linear(Model, Hidden), nn.ReLU(), nn.Linear(Hidden, Model)]);
        _model = nn.Sequential(layers);
        if (recipe is not null)
        {
            // Long runs with no fine-tune phase keep every measured step in the sparse phase (static needs one
            // dense step, the first invocation); a tiny α keeps 0 < β < 1 (the straight-through path with the decay
            // multiply) for the whole benchmark.
            var settings = new RecipeSettings
            {
                Recipe = recipe, Steps = 1_000_000, DenseSteps = recipe == "static" ? 1 : 0, Alpha = 1e-7,
            };
            _sparsifier = Sparsifier.Apply(_model, RecipeRegistry.Create(settings));
        }
        _optimizer = new AdamOptions { LearningRate = 1e-4 }.Create(_model.parameters());
        _input = randn(Tokens, Model);
        _step = 0;
    }

    private float TrainStep()
    {
        using var scope = NewDisposeScope();
        _sparsifier?.Step(_step++);
        _optimizer!.zero_grad();
        var loss = _model!.call(_input!).square().mean();
        loss.backward();
        _optimizer.step();
        _sparsifier?.RecordStepFlops();
        return loss.item<float>();
    }

    /// <summary>
    /// Makes every job (e.g. <c>--job short</c>) run in-process (libtorch is loaded once) with one training step per
    /// invocation: a step takes about a second, so BenchmarkDotNet's pilot stage is not needed.
    /// </summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig()
        {
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .AsMutator());
        }
    }
}
