using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Vision.Training;

/// <summary>
/// One `nmsparse train --task vit-fashion` invocation: data folder, run folder, options, recipe (with its phases),
/// whether to resume, and optionally a step to pause at.
/// </summary>
public sealed record VisionTrainingRequest(string DataDir, RunDirectory Run, VisionTrainingOptions Options,
    RecipeSettings Recipe, bool Resume, long? PauseAt = null);
