using System.Diagnostics;

namespace NmSparse.Recipes;

/// <summary>Name → recipe. The names are the values of <see cref="RecipeSettings.Recipe"/>.</summary>
public static class RecipeRegistry
{
    /// <summary>All recipe names, in the order they are listed to users.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [
            "dense", "static", "ste", "srste", "mask-decay", "structure-decay", "mask-structure-decay", "gmp", "s-ste",
            "masked-decay", "step-adam",
        ];

    /// <summary>Validates <paramref name="settings"/> and builds the recipe it names.</summary>
    public static IRecipe Create(RecipeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return settings.Recipe switch
        {
            "dense" => new DenseRecipe(settings),
            "static" => new StaticMaskRecipe(settings),
            "ste" => new SteRecipe(settings),
            "srste" => new SrSteRecipe(settings),
            "mask-decay" => new MaskDecayRecipe(settings),
            "structure-decay" => new StructureDecayRecipe(settings),
            "mask-structure-decay" => new MaskStructureDecayRecipe(settings),
            "gmp" => new GradualMagnitudeRecipe(settings),
            "s-ste" => new SoftThresholdRecipe(settings),
            "masked-decay" => new MaskedDecayRecipe(settings),
            "step-adam" => new StepAdamRecipe(settings),
            // Validate has rejected every other name.
            _ => throw new UnreachableException($"no recipe class for '{settings.Recipe}'"),
        };
    }

    /// <summary>True for recipes whose β(t) follows <see cref="RecipeSettings.Decay"/>.</summary>
    public static bool UsesMaskDecay(string recipe) => recipe is "mask-decay" or "mask-structure-decay";

    /// <summary>True for recipes whose N:M(t) follows <see cref="RecipeSettings.Structure"/>.</summary>
    public static bool UsesStructureDecay(string recipe) => recipe is "structure-decay" or "mask-structure-decay";
}
