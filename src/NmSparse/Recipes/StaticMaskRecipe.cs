using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// One-shot magnitude N:M pruning with a fixed mask (the "prune once, then train with the mask" baseline of
/// Mishra et al. 2021, "Accelerating Sparse Deep Neural Networks", used as a baseline by Kao et al. 2022): the model
/// trains dense for D steps, the mask is computed from those trained weights at step D and never changes; pruned
/// weights get no gradient. D must be at least 1: a mask of the untrained weights is not this baseline.
/// </summary>
public sealed class StaticMaskRecipe : NmRecipeBase
{
    public StaticMaskRecipe(RecipeSettings settings)
        : base("static", settings, new FixedStructure(settings.Pattern), decay: null)
    {
        RequireDensePhase(settings);
    }

    /// <summary>Only at the first non-dense step D.</summary>
    public override bool UpdatesMaskAt(long step) => step == Plan.DenseSteps;

    /// <summary>Never: the mask is fixed from the start.</summary>
    public override bool UpdatesPrunedWeights(SparsityState state) => false;

    /// <summary>The recipe's own rule (also run by <see cref="RecipeSettings.Validate"/>): D ≥ 1.</summary>
    internal static void RequireDensePhase(RecipeSettings settings)
    {
        if (settings.DenseSteps < 1)
            throw new SettingException(RecipeSettings.NameOf(nameof(RecipeSettings.DenseSteps)),
                $"must be at least 1 for the static recipe (got {settings.DenseSteps}): it prunes the weights of " +
                "the dense phase once, at step D");
    }
}
