using System.Globalization;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Progress;

/// <summary>
/// The first line of every `nmsparse train` run: what runs (recipe and N:M, saying so when the recipe is the
/// default one nobody chose, the task when it is not translation, preset, precision, seed, threads) and where; for
/// a resumed run, the step it resumes from.
/// </summary>
internal static class RunBanner
{
    /// <param name="task">The run's task; named in the line unless it is translation.</param>
    /// <param name="options">The run's training options as this session uses them.</param>
    /// <param name="recipe">The run's recipe settings.</param>
    /// <param name="runRoot">The run folder as given.</param>
    /// <param name="defaultRecipe">Neither --recipe, a config file nor --set chose the recipe.</param>
    /// <param name="resumeStep">The step a resumed run starts at; null for a new run.</param>
    public static string Line(string task, TrainerOptions options, RecipeSettings recipe, string runRoot,
        bool defaultRecipe, long? resumeStep)
    {
        string what = recipe.Recipe == "dense" ? "dense" : $"{recipe.Recipe} {recipe.Pattern}";
        if (defaultRecipe) what += " (default recipe; choose with --recipe)";
        if (task != RunConfigFile.TranslationTask) what += $", task {task}";
        string threads = options.Threads == 0 ? "auto" : options.Threads.ToString(CultureInfo.InvariantCulture);
        string line = string.Create(CultureInfo.InvariantCulture,
            $"recipe {what}, preset {options.Preset}, precision {options.Precision}, seed {options.Seed}, " +
            $"threads {threads} → {runRoot}");
        return resumeStep is { } step
            ? string.Create(CultureInfo.InvariantCulture, $"run: resuming {line} from step {step}")
            : $"run: {line}";
    }
}
