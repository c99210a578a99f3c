using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.optim;

namespace NmSparse.Optim;

/// <summary>
/// The optimizer of STEP (Lu et al., ICML 2023, "STEP: Learning N:M Structured Sparsity Masks from Scratch with
/// Precondition"): Adam (as <c>torch.optim.Adam</c>: L2 weight decay added to the gradient, bias-corrected moments)
/// whose second moment v of the preconditioned parameters (the sparsified weights) is frozen at the switch and from
/// then on used as a fixed preconditioner while the N:M masks are learned:
/// <code>
/// before: w ← w − lr/(1−β1^k) · m / (√v / √(1−β2^k) + ε),   v ← β2·v + (1−β2)·g²  every step
/// after:  w ← w − lr/(1−β1^k) · m / (√v* / √(1−β2^k*) + ε), v* and k* fixed at the switch
/// </code>
/// The first moment m keeps being updated; other parameters (biases, embeddings, dense layers) get plain Adam.
/// <para>
/// The switch (<see cref="StepSwitchOptions"/>) is after FreezeAt steps, or earlier with AutoSwitch: after each step
/// t before the switch, Z_t = mean |v_t − v_{t−1}| over all preconditioned weights, and the mean of the last
/// ⌊1/(1−β2)⌋ values Z is compared with ε; t &gt; MinSteps and mean &lt; ε switches. This is option 1 of the
/// reference implementation (huyz2023/2by4-pretrain, AdamW_STEP). Unlike that code, the frozen v keeps its bias
/// correction of the switch step (so the step size is continuous at the switch) and ε stays ε (the reference
/// uses √v* + ε^¾ without bias correction); v itself is no longer updated after the switch (the reference keeps
/// updating an unused copy); weight decay is torch Adam's L2 term, or with
/// <see cref="AdamOptions.DecoupledWeightDecay"/> AdamW's p ← p·(1 − lr·wd) before the update, as in the reference.
/// Every Scalar of a step is created once and held until the step ends (<see cref="AdamArithmetic"/>), and before
/// the switch a step is bit for bit that of <c>torch.optim.Adam</c> (or <c>AdamW</c>).
/// </para>
/// <para>
/// Everything, including the switch step and the AutoSwitch window, is saved by <c>save_state_dict</c> and restored
/// by <c>load_state_dict</c>, so a resumed run continues bit for bit. One optimizer step per training step, from
/// step 0, is assumed: the switch step is then the first training step that uses the frozen v.
/// </para>
/// </summary>
public sealed class StepAdam : OptimizerHelper
{
    private readonly AdamOptions _adam;
    private readonly StepSwitchOptions _switch;
    private readonly int _window;
    private readonly StepSwitchState _global = new();
    private readonly List<StepAdamParameterState> _states = [];

    /// <summary>Adam over <paramref name="parameters"/>; v of <paramref name="preconditioned"/> freezes.</summary>
    public StepAdam(
        IEnumerable<Parameter> parameters, IReadOnlyCollection<Parameter> preconditioned, AdamOptions adam,
        StepSwitchOptions switchOptions)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(preconditioned);
        ArgumentNullException.ThrowIfNull(adam);
        ArgumentNullException.ThrowIfNull(switchOptions);
        if (adam.LearningRate < 0 || adam.Eps < 0 || adam.WeightDecay < 0 || adam.Beta1 is < 0 or >= 1 ||
            adam.Beta2 is < 0 or >= 1)
            throw new ArgumentException($"invalid Adam options {adam}", nameof(adam));
        if (switchOptions.FreezeAt < 1 || switchOptions.MinSteps < 0)
            throw new ArgumentException($"invalid switch options {switchOptions}", nameof(switchOptions));
        _adam = adam;
        _switch = switchOptions;
        _window = Math.Max(1, (int)Math.Floor(1.0 / (1.0 - adam.Beta2)));
        var options = new OptimizerOptions
            { LearningRate = adam.LearningRate, InitialLearningRate = adam.LearningRate };
        _defaults = options;
        var list = parameters.ToList();
        var marked = preconditioned.Select(p => p.Handle).ToHashSet();
        _parameter_groups = [new ParamGroup { Parameters = list, Options = options }];
        foreach (var p in list)
        {
            var state = new StepAdamParameterState(p, marked.Contains(p.Handle));
            _state[p.Handle] = state;
            _states.Add(state);
        }
    }

    /// <summary>Optimizer steps taken so far.</summary>
    public long StepsTaken => _global.Steps;

    /// <summary>Steps after which v was frozen (the first step using it), or null before the switch.</summary>
    public long? FrozenAt => _global.FrozenAt < 0 ? null : _global.FrozenAt;

    /// <summary>The mean of the AutoSwitch window (NaN when empty): the statistic compared with ε.</summary>
    public double AutoSwitchStatistic => _global.Window.Count == 0 ? double.NaN : _global.Window.Average();

    /// <summary>The second-moment tensor v of <paramref name="parameter"/> (for inspection; do not modify).</summary>
    public Tensor SecondMoment(Parameter parameter) => StateOf(parameter).ExpAvgSq;

    /// <summary>The first-moment tensor m of <paramref name="parameter"/> (for inspection; do not modify).</summary>
    public Tensor FirstMoment(Parameter parameter) => StateOf(parameter).ExpAvg;

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        using var arithmetic = new AdamArithmetic(_adam with { LearningRate = group.LearningRate });
        bool measure = _switch.AutoSwitch && FrozenAt is null;
        Tensor? changeSum = null;
        long changeCount = 0;
        foreach (var param in group.Parameters)
        {
            var grad = param.grad;
            if (grad is null) continue;
            var state = (StepAdamParameterState)_state[param.Handle];
            state.Step++;
            grad = arithmetic.DecayWeights(param, grad);
            arithmetic.UpdateFirstMoment(state.ExpAvg, grad);
            double correction2;
            if (state.Frozen)
            {
                correction2 = state.FrozenBiasCorrection;
            }
            else
            {
                var before = measure && state.Preconditioned ? state.ExpAvgSq.clone() : null;
                arithmetic.UpdateSecondMoment(state.ExpAvgSq, grad);
                correction2 = 1 - Math.Pow(_adam.Beta2, state.Step);
                if (before is not null)
                {
                    var change = state.ExpAvgSq.sub(before).abs_().sum(ScalarType.Float64);
                    changeSum = changeSum is null ? change : changeSum.add(change, KeptScalars.One);
                    changeCount += param.numel();
                }
            }
            arithmetic.Update(param, state.ExpAvg, state.ExpAvgSq, 1 - Math.Pow(_adam.Beta1, state.Step),
                correction2);
        }
        _global.Steps++;
        if (FrozenAt is not null) return;
        if (measure && changeSum is not null)
        {
            _global.Window.Enqueue(changeSum.item<double>() / changeCount);
            while (_global.Window.Count > _window) _global.Window.Dequeue();
        }
        bool auto = measure && _global.Steps > _switch.MinSteps && AutoSwitchStatistic < _adam.Eps;
        if (_global.Steps >= _switch.FreezeAt || auto) Freeze();
    }, closure);

    /// <summary>Adds the optimizer-wide switch state after the parameters' states: saved and loaded too.</summary>
    public override StateDictionary state_dict()
    {
        var dictionary = base.state_dict();
        dictionary.State.Add(_global);
        return dictionary;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _states.ForEach(s => s.Dispose());
        base.Dispose(disposing);
    }

    private void Freeze()
    {
        foreach (var state in _states.Where(s => s.Preconditioned && !s.Frozen))
            state.FrozenBiasCorrection = 1 - Math.Pow(_adam.Beta2, Math.Max(1, state.Step));
        _global.FrozenAt = _global.Steps;
    }

    private StepAdamParameterState StateOf(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return (StepAdamParameterState)_state[parameter.Handle];
    }
}
