using NmSparse.Masks;
using NmSparse.Schedules;
using static TorchSharp.torch;

namespace NmSparse.Recipes;

/// <summary>
/// Gradual magnitude pruning (Zhu &amp; Gupta 2017, "To prune, or not to prune"): unstructured masks whose density
/// follows the cubic schedule from 1 at the start of the sparse phase (step D) to N/M of the target pattern (equal
/// sparsity to the N:M recipes) at D + <see cref="RecipeSettings.GmpEndFraction"/>·L, updated every
/// <see cref="RecipeSettings.GmpFrequency"/> steps. Masks are fixed between updates and pruned weights get no
/// gradient; an update ranks |w⊙m| so a pruned weight stays pruned. Ranking is per layer (a layer's N:M override
/// sets its final density) or global over all layers (<see cref="RecipeSettings.GmpGlobal"/>, target density).
/// </summary>
public sealed class GradualMagnitudeRecipe : NmRecipeBase
{
    private readonly bool _global;
    private readonly long _endStep;
    private readonly long _frequency;
    private readonly Dictionary<double, GradualPruningSchedule> _schedules = new();

    public GradualMagnitudeRecipe(RecipeSettings settings)
        : base("gmp", settings, new FixedStructure(settings.Pattern), decay: null)
    {
        _global = settings.GmpGlobal;
        _frequency = settings.GmpFrequency;
        long pruningLength = Math.Max(1L, (long)Math.Round(settings.GmpEndFraction * Plan.SparseLength));
        _endStep = Plan.DenseSteps + pruningLength;
        Schedule(Target.Density);
    }

    /// <summary>The density schedule that ends at the target density N/M.</summary>
    public GradualPruningSchedule DensitySchedule => Schedule(Target.Density);

    /// <summary>At the pruning steps of the cubic schedule (never in the dense phase).</summary>
    public override bool UpdatesMaskAt(long step) =>
        Plan.PhaseAt(step) != TrainingPhase.Dense && DensitySchedule.UpdatesAt(step);

    /// <summary>Never: masked weights get no gradient.</summary>
    public override bool UpdatesPrunedWeights(SparsityState state) => false;

    /// <summary>Unstructured magnitude masks of |w⊙m| at the schedule's density.</summary>
    public override IReadOnlyList<CountedMask> ComputeMasks(IReadOnlyList<MaskTarget> layers, SparsityState state)
    {
        ArgumentNullException.ThrowIfNull(layers);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var scores = layers.Select(l => l.Weight.mul(l.Mask)).ToArray();
        IReadOnlyList<CountedMask> masks = _global
            ? UnstructuredMask.ComputeGlobal(scores, DensitySchedule.DensityAt(state.Step))
            : scores.Select((s, i) => LayerMask(s, Schedule(layers[i].Pattern.Density).DensityAt(state.Step)))
                .ToArray();
        foreach (var mask in masks) mask.Mask.MoveToOuterDisposeScope();
        return masks;
    }

    private static CountedMask LayerMask(Tensor score, double density) =>
        new(UnstructuredMask.Compute(score, density), UnstructuredMask.KeptCount(score.numel(), density));

    private GradualPruningSchedule Schedule(double finalDensity)
    {
        if (!_schedules.TryGetValue(finalDensity, out var schedule))
        {
            schedule = new GradualPruningSchedule(finalDensity, Plan.DenseSteps, _endStep, _frequency);
            _schedules[finalDensity] = schedule;
        }
        return schedule;
    }
}
