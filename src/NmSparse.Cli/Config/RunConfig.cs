using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Config;

/// <summary>What `nmsparse train` runs: the recipe settings and the training options.</summary>
internal sealed record RunConfig(RecipeSettings Recipe, TrainingOptions Training);
