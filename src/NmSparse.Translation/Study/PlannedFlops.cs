using NmSparse.Flops;
using NmSparse.Recipes;
using NmSparse.Sparsity;

namespace NmSparse.Translation.Study;

/// <summary>
/// A run's training FLOPs computed before training, from shapes and the recipe's schedule alone, by the same rule
/// the trainer counts with (<see cref="GemmFlops.ForStep"/>, in the mode <see cref="Sparsifier.ModeFor"/> gives each
/// step). Like the sparsifier, a layer's kept count changes only at the steps where the recipe recomputes masks
/// (all weights before the first): N/M of its weights at that step's N:M, or for "gmp" the unstructured count at
/// the cubic schedule's density. Every step is assumed to have the same shape (<see cref="FlopLayer.Rows"/> and
/// <paramref name="remainderPerStep"/>, the never-sparsified parts).
/// </summary>
public static class PlannedFlops
{
    /// <summary>The training FLOPs of all <see cref="IRecipe.Plan"/> steps of <paramref name="recipe"/>.</summary>
    public static long Total(IRecipe recipe, IReadOnlyList<FlopLayer> layers, long remainderPerStep)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(layers);
        var kept = layers.Select(l => l.Weights).ToArray();
        long total = 0;
        for (long step = 0; step < recipe.Plan.TotalSteps; step++)
        {
            var state = recipe.StateAt(step);
            if (recipe.UpdatesMaskAt(step))
            {
                for (int i = 0; i < layers.Count; i++) kept[i] = KeptAt(recipe, state, step, layers[i].Weights);
            }
            var mode = Sparsifier.ModeFor(recipe, state);
            total = checked(total + remainderPerStep);
            for (int i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                var flops = layer.Sparsified
                    ? GemmFlops.ForStep(layer.Weights, kept[i], layer.Rows, mode, state.Beta)
                    : GemmFlops.Dense(layer.Weights, layer.Rows);
                total = checked(total + flops.Total);
            }
        }
        return total;
    }

    /// <summary>
    /// The steps that give <paramref name="settings"/>' recipe the FLOP budget <paramref name="budget"/>:
    /// round(budget / mean FLOPs per step of its schedule over <see cref="RecipeSettings.Steps"/> steps), half away
    /// from zero, exact in integers. Phase lengths are fractions of the steps, so the mean hardly depends on them.
    /// </summary>
    public static long StepsForBudget(long budget, RecipeSettings settings, IReadOnlyList<FlopLayer> layers,
        long remainderPerStep)
    {
        ArgumentNullException.ThrowIfNull(settings);
        long total = Total(RecipeRegistry.Create(settings), layers, remainderPerStep);
        if (total <= 0) throw new UserInputException("iso-FLOP steps: the run costs no FLOPs (no layers?)");
        Int128 numerator = (Int128)budget * settings.Steps;
        return (long)((2 * numerator + total) / (2 * (Int128)total));
    }

    private static long KeptAt(IRecipe recipe, Schedules.SparsityState state, long step, long weights) =>
        recipe is GradualMagnitudeRecipe gmp
            ? Masks.UnstructuredMask.KeptCount(weights, gmp.DensitySchedule.DensityAt(step))
            : state.Pattern.KeptOf(weights);
}
