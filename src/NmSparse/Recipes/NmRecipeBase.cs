using NmSparse.Masks;
using NmSparse.Optim;
using NmSparse.Schedules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NmSparse.Recipes;

/// <summary>
/// The mechanism every recipe shares: a <see cref="SparsitySchedule"/> gives each step's phase, N:M and β; in the
/// sparse phase N:M magnitude masks are recomputed from the dense weights before every step and pruned weights keep
/// receiving straight-through gradients; at the first fine-tune step the final binary mask is computed once and then
/// held fixed (pruned weights get no gradient). Recipes override the hooks that differ.
/// </summary>
public abstract class NmRecipeBase : IRecipe
{
    private readonly SparsitySchedule _schedule;

    protected NmRecipeBase(
        string name, RecipeSettings settings, IStructureSchedule structure, IMaskDecaySchedule? decay,
        double srSteLambda = 0.0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Name = name;
        _schedule = new SparsitySchedule(settings.CreatePlan(), structure, decay);
        SrSteLambda = srSteLambda;
    }

    public string Name { get; }

    public PhasePlan Plan => _schedule.Plan;

    public NmPattern Target => _schedule.Target;

    public double SrSteLambda { get; }

    /// <summary><see cref="SparseWeightForm.Masked"/> unless a recipe says otherwise.</summary>
    public virtual SparseWeightForm WeightForm => SparseWeightForm.Masked;

    /// <summary>0 unless a recipe says otherwise.</summary>
    public virtual double MaskedDecayLambda => 0.0;

    /// <summary><see cref="MaskScore.Magnitude"/> unless a recipe says otherwise.</summary>
    public virtual MaskScore Score => MaskScore.Magnitude;

    /// <summary>The first fine-tune step S − F (equals S when there is no fine-tune phase).</summary>
    protected long FineTuneStart => Plan.TotalSteps - Plan.FineTuneSteps;

    public virtual SparsityState StateAt(long step) => _schedule.At(step);

    /// <summary>Every sparse-phase step, and once at the start of fine-tune.</summary>
    public virtual bool UpdatesMaskAt(long step) =>
        Plan.PhaseAt(step) == TrainingPhase.Sparse || step == FineTuneStart;

    /// <summary>Straight-through updates of pruned weights during the sparse phase only.</summary>
    public virtual bool UpdatesPrunedWeights(SparsityState state) => state.Phase == TrainingPhase.Sparse;

    /// <summary>N:M magnitude masks of the dense weights, one per layer with its own pattern.</summary>
    public virtual IReadOnlyList<CountedMask> ComputeMasks(IReadOnlyList<MaskTarget> layers, SparsityState state)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return layers.Select(l => new CountedMask(
            NmMask.Compute(l.Weight, l.Pattern, l.Axis), l.Pattern.KeptOf(l.Weight.numel()))).ToArray();
    }

    /// <summary>Plain Adam (<see cref="AdamOptions.Create"/>) over <paramref name="parameters"/>.</summary>
    public virtual OptimizerHelper CreateOptimizer(
        IEnumerable<Parameter> parameters, IReadOnlyCollection<Parameter> sparseWeights, AdamOptions adam)
    {
        ArgumentNullException.ThrowIfNull(adam);
        return adam.Create(parameters);
    }
}
