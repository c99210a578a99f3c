using System.Text;
using System.Text.Json;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// How far a run has trained, as its folder shows while another process trains it: the step after the last
/// "train" line of metrics.jsonl (written every log_every steps), 0 without one. Reads only the file's tail.
/// </summary>
public static class RunProgress
{
    private const int Tail = 64 * 1024;

    public static long StepReached(RunDirectory run)
    {
        string text;
        try
        {
            using var stream = new FileStream(run.Metrics, FileMode.Open, FileAccess.Read,
                FileShare.ReadWrite | FileShare.Delete);
            long start = Math.Max(0, stream.Length - Tail);
            stream.Position = start;
            var bytes = new byte[stream.Length - start];
            stream.ReadExactly(bytes);
            text = Encoding.UTF8.GetString(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return 0;
        }
        foreach (string line in text.Split('\n').Reverse())
        {
            if (TrainStep(line) is { } step) return step + 1;
        }
        return 0;
    }

    /// <summary>The step of a "train" line; null for other lines and for torn or cut ones.</summary>
    private static long? TrainStep(string line)
    {
        if (!line.Contains("\"train\"", StringComparison.Ordinal)) return null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            return root.GetProperty("kind").GetString() == "train" ? root.GetProperty("step").GetInt64() : null;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}
