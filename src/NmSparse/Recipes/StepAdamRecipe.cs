using NmSparse.Masks;
using NmSparse.Optim;
using NmSparse.Schedules;
using TorchSharp.Modules;

namespace NmSparse.Recipes;

/// <summary>
/// STEP (Lu et al., ICML 2023, "STEP: Learning N:M Structured Sparsity Masks from Scratch with Precondition"): a
/// dense precondition phase learns Adam's second moment v; at the switch v of the sparsified weights is frozen and
/// used as a fixed preconditioner while STE N:M masks are learned (<see cref="StepAdam"/>, built by
/// <see cref="CreateOptimizer"/>). The switch is at the end of the dense phase D, or, with
/// <see cref="RecipeSettings.StepAutoSwitch"/>, at the first step after <see cref="RecipeSettings.StepSwitchMinSteps"/>
/// that passes the AutoSwitch test (D is then the latest switch): the sparse phase starts at the step the optimizer
/// switched, which its saved state restores on resume.
/// </summary>
public sealed class StepAdamRecipe : NmRecipeBase
{
    private readonly StepSwitchOptions _switch;
    private StepAdam? _optimizer;

    public StepAdamRecipe(RecipeSettings settings)
        : base("step-adam", settings, new FixedStructure(settings.Pattern), decay: null)
    {
        RequireDensePhase(settings);
        _switch = new StepSwitchOptions(settings.DenseSteps, settings.StepAutoSwitch,
            settings.StepSwitchMinSteps ?? settings.DenseSteps / 5);
    }

    /// <summary>The first sparse step: where the optimizer switched, else D.</summary>
    public long SwitchStep => _optimizer?.FrozenAt ?? Plan.DenseSteps;

    /// <summary>Dense before <see cref="SwitchStep"/>; from there on the STE schedule (target N:M, β = 0).</summary>
    public override SparsityState StateAt(long step) =>
        step >= SwitchStep && step < Plan.DenseSteps
            ? new SparsityState(step, TrainingPhase.Sparse, Target, 0.0)
            : base.StateAt(step);

    public override bool UpdatesMaskAt(long step) =>
        StateAt(step).Phase == TrainingPhase.Sparse || step == FineTuneStart;

    /// <summary>
    /// STE masks; in the sparse phase only once <see cref="CreateOptimizer"/> has built the StepAdam that drives the
    /// switch (training with another optimizer would silently not be STEP).
    /// </summary>
    public override IReadOnlyList<CountedMask> ComputeMasks(IReadOnlyList<MaskTarget> layers, SparsityState state)
    {
        if (_optimizer is null && state.Phase == TrainingPhase.Sparse)
            throw new InvalidOperationException(
                "the step-adam recipe trains with the StepAdam of Sparsifier.CreateOptimizer (or " +
                "IRecipe.CreateOptimizer); none was created");
        return base.ComputeMasks(layers, state);
    }

    /// <summary>A <see cref="StepAdam"/> preconditioning <paramref name="sparseWeights"/>; it switches.</summary>
    public override OptimizerHelper CreateOptimizer(
        IEnumerable<Parameter> parameters, IReadOnlyCollection<Parameter> sparseWeights, AdamOptions adam)
    {
        _optimizer = new StepAdam(parameters, sparseWeights, adam, _switch);
        return _optimizer;
    }

    /// <summary>The recipe's rule (also run by <see cref="RecipeSettings.Validate"/>): 1 ≤ D, T_min &lt; D.</summary>
    internal static void RequireDensePhase(RecipeSettings settings)
    {
        if (settings.DenseSteps < 1)
            throw new SettingException(RecipeSettings.NameOf(nameof(RecipeSettings.DenseSteps)),
                $"must be at least 1 for the step-adam recipe (got {settings.DenseSteps}): its dense phase learns " +
                "the second moment that is then frozen");
        if (settings.StepSwitchMinSteps is { } min && (min < 0 || min >= settings.DenseSteps))
            throw new SettingException(RecipeSettings.NameOf(nameof(RecipeSettings.StepSwitchMinSteps)),
                $"must be in [0, {RecipeSettings.NameOf(nameof(RecipeSettings.DenseSteps))}) (got {min})");
    }
}
