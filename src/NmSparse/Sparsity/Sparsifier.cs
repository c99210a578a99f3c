using NmSparse.Flops;
using NmSparse.Masks;
using NmSparse.Optim;
using NmSparse.Recipes;
using NmSparse.Schedules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Sparsity;

/// <summary>
/// Makes a model's Linear / Conv2d layers N:M sparse under a recipe. Usage:
/// <code>
/// using var sparsifier = Sparsifier.Apply(model, RecipeRegistry.Create(settings), new SparsifyOptions());
/// for (long step = 0; step &lt; settings.Steps; step++) {
///     sparsifier.Step(step);            // before the forward pass: masks, N:M and β for this step
///     ... forward, backward, gradient clipping ...
///     sparsifier.ApplyMaskedDecay();    // "masked-decay" only (a no-op otherwise): after clipping
///     optimizer.step();                 // optimizer from sparsifier.CreateOptimizer (StepAdam for "step-adam")
///     sparsifier.RecordStepFlops();     // after backward: this step's FLOPs
/// }
/// sparsifier.BakeMasks();               // bake the final masks into the weights
/// </code>
/// Apply replaces each selected layer by a <see cref="SparseLayer"/> sharing its Parameters (state_dict keys and
/// optimizers stay valid; masks are saved as <c>mask</c> buffers), so build the optimizer before or after.
/// Linear / Conv2d layers left dense are counted as dense FLOPs through forward hooks.
/// </summary>
public sealed class Sparsifier : IDisposable
{
    private readonly SparsifiedLayer[] _layers;
    private readonly DenseLayerCounter[] _denseLayers;
    private readonly GroupAxis _axis;
    private SparsityState? _state;
    private bool _masksCounted;
    private long? _decayPendingStep;

    private Sparsifier(
        IRecipe recipe, IEnumerable<SparsifiedLayer> layers, IEnumerable<DenseLayerCounter> denseLayers,
        GroupAxis axis)
    {
        Recipe = recipe;
        _layers = layers.ToArray();
        _denseLayers = denseLayers.ToArray();
        _axis = axis;
        if (recipe.WeightForm == SparseWeightForm.SoftThreshold)
        {
            foreach (var layer in _layers) layer.Module.EnableSoftThreshold();
        }
    }

    /// <summary>The recipe driving the masks.</summary>
    public IRecipe Recipe { get; }

    /// <summary>The wrapped layers in model order.</summary>
    public IReadOnlyList<SparsifiedLayer> Layers => _layers;

    /// <summary>The sparsified layers' weights (the parameters <see cref="StepAdam"/> preconditions).</summary>
    public IReadOnlyList<Parameter> SparseWeights => _layers.Select(l => l.Module.Weight).ToArray();

    /// <summary>
    /// The optimizer the recipe trains with (<see cref="IRecipe.CreateOptimizer"/>): Adam, or
    /// <see cref="StepAdam"/> preconditioning <see cref="SparseWeights"/> for "step-adam". Call once, before loading
    /// optimizer state from a checkpoint.
    /// </summary>
    public OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters, AdamOptions adam)
    {
        var weights = SparseWeights;
        return Recipe.CreateOptimizer(parameters, weights.ToArray(), adam);
    }

    /// <summary>FLOPs recorded so far by <see cref="RecordStepFlops"/> (sparse layers and dense-kept layers).</summary>
    public FlopAccountant Flops { get; private set; } = new();

    /// <summary>The state of the last <see cref="Step"/>, or null before the first.</summary>
    public SparsityState? State => _state;

    /// <summary>
    /// Wraps the selected layers of <paramref name="model"/> and logs one line per Linear / Conv2d to
    /// <paramref name="log"/>. Throws <see cref="UserInputException"/> (model untouched) for a layer whose shape
    /// does not fit N:M (unless <see cref="SparsifyOptions.KeepIncompatibleDense"/>) or that cannot be replaced.
    /// </summary>
    public static Sparsifier Apply(
        nn.Module model, IRecipe recipe, SparsifyOptions? options = null, TextWriter? log = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(recipe);
        options ??= new SparsifyOptions();
        var (sparse, dense) = SparseModuleWrapper.Wrap(model, recipe, options, log);
        return new Sparsifier(recipe, sparse, dense, options.Axis);
    }

    /// <summary>
    /// Prepares <paramref name="step"/> (counted from 0); call before its forward pass. Recomputes the masks from
    /// the dense weights when the recipe says so and sets every layer's masking mode, β and λ. The first call that
    /// recomputes no mask reads each mask's kept count once (a host sync), so load a checkpoint before it.
    /// </summary>
    public SparsityState Step(long step)
    {
        if (_decayPendingStep is { } pending)
            throw new InvalidOperationException(
                $"step {pending}: the masked-decay recipe needs Sparsifier.ApplyMaskedDecay() after gradient " +
                "clipping and before optimizer.step()");
        if (!_masksCounted)
        {
            // Masks (and S-STE scales) may have been loaded from a checkpoint since Apply: read them once.
            foreach (var layer in _layers) layer.Module.RecountMask();
            _masksCounted = true;
        }
        var state = Recipe.StateAt(step);
        if (Recipe.UpdatesMaskAt(step)) UpdateMasks(state);
        var mode = ModeFor(Recipe, state);
        foreach (var layer in _layers) layer.Module.SetMode(mode, state.Beta, Recipe.SrSteLambda);
        if (mode != MaskMode.Dense) PrepareSoftThreshold(state);
        _decayPendingStep = Recipe.MaskedDecayLambda > 0 && state.Phase == TrainingPhase.Sparse ? step : null;
        _state = state;
        return state;
    }

    /// <summary>
    /// Masked decay of Hu et al. 2024 ("masked-decay" recipe): in a sparse-phase step, adds λ(1−m)⊙w to the
    /// gradient of every sparse weight, i.e. decays the pruned weights through the optimizer. Call after backward
    /// and gradient clipping, right before optimizer.step(); a no-op for every other recipe and phase. Not counted
    /// as FLOPs (elementwise, like the optimizer).
    /// </summary>
    public void ApplyMaskedDecay()
    {
        _decayPendingStep = null;
        double lambda = Recipe.MaskedDecayLambda;
        if (lambda == 0.0 || _state is not { Phase: TrainingPhase.Sparse }) return;
        using var noGrad = no_grad();
        foreach (var layer in _layers)
        {
            var weight = layer.Module.Weight;
            using var grad = weight.grad;
            if (grad is null) continue;
            using var masked = weight.mul(layer.Module.Mask);
            using var pruned = weight.sub(masked);
            using var scale = KeptScalars.Hold(lambda);
            grad.add_(pruned, alpha: scale);
        }
    }

    /// <summary>
    /// Measures the input norms Wanda scores need: runs <paramref name="forwardBatch"/>(0 … batches−1), each of
    /// which should run the model forward on one calibration batch (in eval mode and without gradients, so nothing
    /// is counted as training FLOPs), and stores in every sparse Linear layer the L2 norm of each input feature
    /// over all the rows it saw (<see cref="SparseLayer.InputNorms"/>). Call before the step whose mask uses them
    /// (step D for "static" with <see cref="RecipeSettings.Score"/> "wanda").
    /// </summary>
    public void CalibrateInputNorms(int batches, Action<int> forwardBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        ArgumentNullException.ThrowIfNull(forwardBatch);
        using var calibration = new InputNormCalibration(_layers.Select(l => l.Module));
        using (no_grad())
        {
            for (int i = 0; i < batches; i++)
            {
                using var scope = NewDisposeScope();
                forwardBatch(i);
            }
        }
        var norms = calibration.Norms();
        foreach (var layer in _layers) layer.Module.TakeInputNorms(norms.GetValueOrDefault(layer.Module));
    }

    /// <summary>
    /// True when <paramref name="step"/> computes masks from calibrated input norms (Wanda), so
    /// <see cref="CalibrateInputNorms"/> must run before <see cref="Step"/>(<paramref name="step"/>).
    /// </summary>
    public bool NeedsCalibrationAt(long step) => Recipe.Score == MaskScore.Wanda && Recipe.UpdatesMaskAt(step);

    /// <summary>
    /// Turns the GEMM rows counted since the last call into this step's FLOPs and resets the counters, by the
    /// <see cref="GemmFlops"/> rule from host values only (shapes, each mask's kept count, mode and β): it never
    /// waits for the device.
    /// </summary>
    public void RecordStepFlops()
    {
        foreach (var layer in _layers) layer.Module.RecordFlops(layer.Name, Flops);
        foreach (var counter in _denseLayers) counter.Record(Flops);
    }

    /// <summary>Replaces the FLOP totals, e.g. with those saved in a checkpoint being resumed.</summary>
    public void RestoreFlops(FlopTotalsSnapshot snapshot) => Flops = FlopAccountant.FromSnapshot(snapshot);

    /// <summary>
    /// Ends training: computes the final masks if the recipe would compute them after the last step (S), then bakes
    /// them into the weights (w ← w⊙m) so the layers run dense and plain modules would give identical outputs.
    /// Does nothing to the weights of the dense recipe.
    /// </summary>
    public void BakeMasks()
    {
        long end = Recipe.Plan.TotalSteps;
        var state = Recipe.StateAt(end);
        if (state.Phase == TrainingPhase.Dense || state.Pattern.IsDense) return;
        if (Recipe.UpdatesMaskAt(end)) UpdateMasks(state);
        PrepareSoftThreshold(state);
        foreach (var layer in _layers) layer.Module.BakeMask();
        _state = state;
    }

    /// <summary>Name, shape, mask density, β, N:M and latest flip rate of every wrapped layer.</summary>
    public IReadOnlyList<LayerDiagnostics> Diagnostics() => _layers
        .Select(l => new LayerDiagnostics(
            l.Name,
            l.Module.Weight.shape,
            l.Module.MaskDensity,
            l.Module.Mode == MaskMode.Dense ? 1.0 : l.Module.Mode == MaskMode.Fixed ? 0.0 : l.Module.Beta,
            PatternOf(l, _state),
            l.Module.FlipRate))
        .ToArray();

    /// <summary>
    /// The whole model's mask flip rate: mask entries changed at each layer's latest update over all sparse
    /// weights, i.e. the layers' <see cref="LayerDiagnostics.FlipRate"/> weighted by their weight counts (the flip
    /// rate of Hu et al. 2024 when masks are updated every step). A diagnostic: one host sync per layer.
    /// </summary>
    public double ModelFlipRate()
    {
        long flipped = _layers.Sum(l => l.Module.FlippedWeights);
        long weights = _layers.Sum(l => l.Module.Weight.numel());
        return weights == 0 ? 0.0 : (double)flipped / weights;
    }

    /// <summary>Removes the FLOP-counting hooks; the wrapped layers stay in (and are owned by) the model.</summary>
    public void Dispose()
    {
        foreach (var counter in _denseLayers) counter.Dispose();
    }

    private void UpdateMasks(SparsityState state)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var targets = _layers
            .Select(l => new MaskTarget(
                l.Name, l.Module.Weight, l.Module.Mask, PatternOf(l, state), _axis, l.Module.InputNorms))
            .ToArray();
        IReadOnlyList<CountedMask> masks;
        try
        {
            masks = Recipe.ComputeMasks(targets, state);
        }
        catch (UserInputException e)
        {
            throw new UserInputException($"step {state.Step}: {e.Message}", e);
        }
        for (int i = 0; i < _layers.Length; i++) _layers[i].Module.TakeMask(masks[i]);
    }

    /// <summary>S-STE layers: this step's grouping, and the scale fixed at the first non-dense step.</summary>
    private void PrepareSoftThreshold(SparsityState state)
    {
        if (Recipe.WeightForm != SparseWeightForm.SoftThreshold) return;
        foreach (var layer in _layers)
        {
            var pattern = PatternOf(layer, state);
            layer.Module.SetGroups(NmMask.GroupDimension(layer.Module.Weight, pattern, _axis), pattern.M);
            layer.Module.FixScale();
        }
    }

    /// <summary>
    /// The masking mode every wrapped layer runs <paramref name="state"/> of <paramref name="recipe"/> in (and so
    /// counts its FLOPs in, see <see cref="GemmFlops"/>).
    /// </summary>
    public static MaskMode ModeFor(IRecipe recipe, SparsityState state)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        if (state.Phase == TrainingPhase.Dense || state.Pattern.IsDense) return MaskMode.Dense;
        if (!recipe.UpdatesPrunedWeights(state)) return MaskMode.Fixed;
        // β = 1 without SR-STE leaves the weight and its gradient unchanged: skip the masking entirely.
        return state.Beta == 1.0 && recipe.SrSteLambda == 0.0 ? MaskMode.Dense : MaskMode.StraightThrough;
    }

    private NmPattern PatternOf(SparsifiedLayer layer, SparsityState? state) =>
        state is not { } s ? NmPattern.Dense(layer.PatternOverride?.M ?? Recipe.Target.M)
        : s.Phase == TrainingPhase.Dense ? s.Pattern
        : layer.PatternOverride ?? s.Pattern;
}
