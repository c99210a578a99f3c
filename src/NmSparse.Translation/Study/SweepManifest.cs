using System.Text.Json;
using NmSparse.Translation.IO;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// sweeps/NAME/sweep.json: the grid of the sweep (the union of every invocation's, so extending it keeps the old
/// cells), the preset, the `key=value` overrides, whether steps were set for equal training FLOPs, and the task
/// (a manifest written before the vision task has none: translation), and the precision every run trains in
/// (<see cref="Runtime.PrecisionChoice"/> resolves a preset's "auto" once, when the sweep is created, so a sweep
/// carried on on another kind of machine keeps it; null in a manifest written before "auto" existed).
/// </summary>
public sealed record SweepManifest(StudyGrid Grid, string Preset, IReadOnlyList<string> Overrides, bool IsoFlops,
    string Task = RunConfigFile.TranslationTask, string? Precision = null)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static string PathIn(string sweepRoot) => Path.Combine(sweepRoot, "sweep.json");

    public void Save(string sweepRoot)
    {
        Directory.CreateDirectory(sweepRoot);
        AtomicFile.WriteText(PathIn(sweepRoot), JsonSerializer.Serialize(this, Json) + "\n");
    }

    /// <summary>The manifest of <paramref name="sweepRoot"/>, or null when it has none.</summary>
    public static SweepManifest? Load(string sweepRoot)
    {
        string path = PathIn(sweepRoot);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<SweepManifest>(File.ReadAllText(path), Json)
                ?? throw new UserInputException($"{path}: empty sweep manifest");
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{path}:{e.LineNumber + 1}: invalid sweep manifest: {e.Message}");
        }
    }

    /// <summary>
    /// <paramref name="manifest"/> with the grid of the sweep already in <paramref name="sweepRoot"/> (if any)
    /// added; a sweep of another task there is a one-line error.
    /// </summary>
    public static SweepManifest Extend(string sweepRoot, SweepManifest manifest)
    {
        if (Load(sweepRoot) is not { } existing) return manifest;
        if (existing.Task != manifest.Task)
            throw new UserInputException($"{PathIn(sweepRoot)}: a '{existing.Task}' sweep, not a {manifest.Task} " +
                "sweep; choose another --out");
        return manifest with { Grid = existing.Grid.Union(manifest.Grid) };
    }
}
