using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Config;

/// <summary>What `nmsparse train` runs: the recipe settings and the task's training options.</summary>
internal sealed record RunConfig<TOptions>(RecipeSettings Recipe, TOptions Training) where TOptions : TrainerOptions;
