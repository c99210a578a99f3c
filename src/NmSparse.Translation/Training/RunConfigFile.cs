using System.Text.Json;
using NmSparse.Translation.IO;

namespace NmSparse.Translation.Training;

/// <summary>
/// config.json of a run folder, for any task: written atomically, read back with one-line errors naming the file
/// and line. A vision run's config names its task in <see cref="TaskKey"/>; a config without it is a translation run.
/// </summary>
public static class RunConfigFile
{
    /// <summary>The JSON property that names a run's task.</summary>
    public const string TaskKey = "Task";

    /// <summary>The task of runs whose config has no <see cref="TaskKey"/>.</summary>
    public const string TranslationTask = "translation";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save<T>(RunDirectory run, T config) =>
        AtomicFile.WriteText(run.Config, JsonSerializer.Serialize(config, Json));

    /// <summary>Reads config.json of a run of <paramref name="task"/> (another task's run is a one-line error).</summary>
    public static T Load<T>(RunDirectory run, string task)
    {
        string found = TaskOf(run);
        if (found != task) throw new UserInputException($"{run.Config}: a '{found}' run, not a {task} run");
        string text = ReadText(run);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json)
                ?? throw new UserInputException($"{run.Config}: empty run config");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{run.Config}:{e.LineNumber + 1}: invalid run config: {e.Message}");
        }
    }

    /// <summary>The task of the run in <paramref name="run"/> ("translation" when its config names none).</summary>
    public static string TaskOf(RunDirectory run)
    {
        string text = ReadText(run);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(TaskKey, out var task)
                && task.ValueKind == JsonValueKind.String
                ? task.GetString()!
                : TranslationTask;
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{run.Config}:{e.LineNumber + 1}: invalid run config: {e.Message}");
        }
    }

    private static string ReadText(RunDirectory run)
    {
        if (!File.Exists(run.Config))
            throw new UserInputException(
                $"{run.Config}: not found; is {run.Root} a run folder made by `nmsparse train`?");
        return File.ReadAllText(run.Config);
    }
}
