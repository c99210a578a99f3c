using System.Text.Json;
using NmSparse.Translation.IO;

namespace NmSparse.Translation.Study;

/// <summary>
/// sweeps/NAME/sweep.json: the grid of the sweep (the union of every invocation's, so extending it keeps the old
/// cells), the preset, the `key=value` overrides and whether steps were set for equal training FLOPs.
/// </summary>
public sealed record SweepManifest(StudyGrid Grid, string Preset, IReadOnlyList<string> Overrides, bool IsoFlops)
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
}
