using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// One-shot magnitude N:M pruning with a fixed mask (the "prune once, then train with the mask" baseline of
/// Mishra et al. 2021, "Accelerating Sparse Deep Neural Networks", used as a baseline by Kao et al. 2022): the model
/// trains dense for D steps, the mask is computed from those trained weights at step D and never changes; pruned
/// weights get no gradient. D must be at least 1: a mask of the untrained weights is not this baseline.
/// <para>
/// The mask keeps the N largest |w| of each group, or with <see cref="RecipeSettings.Score"/> "wanda" the N largest
/// Wanda scores |w_ij|·‖x_j‖ (Sun et al. 2023, "A Simple and Effective Pruning Approach for Large Language
/// Models"), ‖x_j‖ measured by <see cref="Sparsity.Sparsifier.CalibrateInputNorms"/> before step D.
/// </para>
/// </summary>
public sealed class StaticMaskRecipe : NmRecipeBase
{
    public StaticMaskRecipe(RecipeSettings settings)
        : base("static", settings, new FixedStructure(settings.Pattern), decay: null)
    {
        RequireDensePhase(settings);
        Score = settings.ParseScore();
    }

    public override MaskScore Score { get; }

    /// <summary>Only at the first non-dense step D.</summary>
    public override bool UpdatesMaskAt(long step) => step == Plan.DenseSteps;

    /// <summary>Never: the mask is fixed from the start.</summary>
    public override bool UpdatesPrunedWeights(SparsityState state) => false;

    /// <summary>N:M masks of |w|, or of the Wanda scores (each layer then needs its calibrated input norms).</summary>
    public override IReadOnlyList<CountedMask> ComputeMasks(IReadOnlyList<MaskTarget> layers, SparsityState state)
    {
        if (Score == MaskScore.Magnitude) return base.ComputeMasks(layers, state);
        ArgumentNullException.ThrowIfNull(layers);
        return layers.Select(l =>
        {
            if (l.InputNorms is null)
                throw new UserInputException(
                    $"layer {l.Name}: {RecipeSettings.NameOf(nameof(RecipeSettings.Score))} 'wanda' needs its input " +
                    "norms: run Sparsifier.CalibrateInputNorms before the mask is computed (Linear layers only)");
            using var score = MaskScores.Wanda(l.Weight, l.InputNorms);
            return new CountedMask(NmMask.Compute(score, l.Pattern, l.Axis), l.Pattern.KeptOf(l.Weight.numel()));
        }).ToArray();
    }

    /// <summary>The recipe's own rule (also run by <see cref="RecipeSettings.Validate"/>): D ≥ 1.</summary>
    internal static void RequireDensePhase(RecipeSettings settings)
    {
        if (settings.DenseSteps < 1)
            throw new SettingException(RecipeSettings.NameOf(nameof(RecipeSettings.DenseSteps)),
                $"must be at least 1 for the static recipe (got {settings.DenseSteps}): it prunes the weights of " +
                "the dense phase once, at step D");
    }
}
