using System.Text.Json;
using NmSparse.Recipes;
using NmSparse.Translation.IO;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Pruning;

/// <summary>
/// config.json of a one-shot pruned run: the <see cref="SavedRunConfig"/> fields (so eval and translate load it
/// like any run) plus <see cref="OneShot"/>, which <see cref="SavedRunConfig.Load"/> ignores.
/// </summary>
public sealed record OneShotRunConfig(
    TrainingOptions Training, RecipeSettings Recipe, string DataDir, OneShotProvenance OneShot)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(RunDirectory run) => AtomicFile.WriteText(run.Config, JsonSerializer.Serialize(this, Json));
}
