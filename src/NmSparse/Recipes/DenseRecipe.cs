using NmSparse.Masks;
using NmSparse.Schedules;

namespace NmSparse.Recipes;

/// <summary>
/// The dense baseline every N:M recipe is compared with (Kao et al. 2022; Bambhaniya et al. 2024): every step is a
/// dense-phase step (M:M, β = 1) and no mask is ever computed.
/// </summary>
public sealed class DenseRecipe : NmRecipeBase
{
    public DenseRecipe(RecipeSettings settings)
        : base("dense", settings, new FixedStructure(settings.Pattern), decay: null) { }

    public override SparsityState StateAt(long step) =>
        new(step, TrainingPhase.Dense, NmPattern.Dense(Target.M), 1.0);

    public override bool UpdatesMaskAt(long step) => false;
}
