using NmSparse.Recipes;

namespace NmSparse.Training;

/// <summary>One `nmsparse train` invocation: data, output folder, options, recipe, and whether to resume.</summary>
public sealed record TrainingRequest(string DataDir, RunDirectory Run, TrainingOptions Options, RecipeSettings Recipe,
    bool Resume);
