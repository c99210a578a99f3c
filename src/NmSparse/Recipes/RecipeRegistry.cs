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

    /// <summary>
    /// The share of training a recipe spends dense when the caller sets no dense phase: 0.5 for "static" (the
    /// paper's baseline prunes a trained dense model once, then fine-tunes it for the other half), 0.25 for
    /// "step-adam" (STEP freezes the second moment its dense phase learned, so that phase must outlast the large
    /// early gradients of the learning-rate warm-up: with 0.1 of a 1,300-step quick run, 130 steps inside a 300-step
    /// warm-up, the frozen v stalled training at valid perplexity 242 against SR-STE's 65; 0.25 is NmSparse's choice
    /// for the latest switch, AutoSwitch may switch earlier), 0 for every other recipe.
    /// </summary>
    public static double DefaultDenseFraction(string recipe) => recipe switch
    {
        "static" => 0.5,
        "step-adam" => 0.25,
        _ => 0.0,
    };

    /// <summary>True for recipes that cannot run without a dense phase (D ≥ 1): "static" and "step-adam".</summary>
    public static bool NeedsDensePhase(string recipe) => DefaultDenseFraction(recipe) > 0;

    /// <summary>True for recipes whose β(t) follows <see cref="RecipeSettings.Decay"/>.</summary>
    public static bool UsesMaskDecay(string recipe) => recipe is "mask-decay" or "mask-structure-decay";

    /// <summary>True for recipes whose N:M(t) follows <see cref="RecipeSettings.Structure"/>.</summary>
    public static bool UsesStructureDecay(string recipe) => recipe is "structure-decay" or "mask-structure-decay";
}
