using NmSparse.Recipes;

namespace NmSparse.Translation.Training;

/// <summary>
/// One `nmsparse train` invocation: data, output folder, options, recipe, whether to resume, and optionally a step
/// to pause at (a checkpoint is written there; --resume carries on).
/// </summary>
public sealed record TrainingRequest(string DataDir, RunDirectory Run, TrainingOptions Options, RecipeSettings Recipe,
    bool Resume, long? PauseAt = null);
