using System.Text.Json;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>The validation loss of a run at each validated step, read from its metrics.jsonl.</summary>
public static class ValidCurve
{
    /// <summary>(steps trained, valid loss) pairs in file order; empty without metrics.jsonl.</summary>
    public static IReadOnlyList<(long Step, double Loss)> Read(RunDirectory run)
    {
        if (!File.Exists(run.Metrics)) return [];
        var points = new List<(long, double)>();
        foreach (string line in File.ReadLines(run.Metrics))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (e.GetProperty("kind").GetString() != "valid") continue;
                if (e.GetProperty("loss") is { ValueKind: JsonValueKind.Number } loss)
                    points.Add((e.GetProperty("step").GetInt64() + 1, loss.GetDouble()));
            }
            catch (JsonException)
            {
                // a torn last line of a killed run
            }
        }
        return points;
    }
}
