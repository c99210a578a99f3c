using System.Text.Json;
using TorchSharp.Modules;
using static TorchSharp.torch.utils.tensorboard;

using NmSparse.Translation.IO;

namespace NmSparse.Translation.Training;

/// <summary>
/// Appends one JSON object a line to metrics.jsonl and mirrors scalars to TensorBoard event files. On resume the
/// lines of steps after the checkpoint are dropped first, so the log reads like one uninterrupted run.
/// </summary>
public sealed class MetricsLog
{
    private readonly string _path;
    private readonly SummaryWriter _tensorBoard;

    public MetricsLog(RunDirectory run, long resumeStep)
    {
        _path = run.Metrics;
        if (File.Exists(_path)) DropAfter(_path, resumeStep);
        _tensorBoard = SummaryWriter(run.TensorBoard);
    }

    public void Write(string kind, long step, IReadOnlyDictionary<string, double> values)
    {
        var record = new Dictionary<string, object> { ["kind"] = kind, ["step"] = step };
        foreach (var (k, v) in values)
        {
            record[k] = double.IsFinite(v) ? v : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (double.IsFinite(v)) _tensorBoard.add_scalar($"{kind}/{k}", (float)v, (int)step);
        }
        File.AppendAllText(_path, JsonSerializer.Serialize(record) + "\n");
    }

    private static void DropAfter(string path, long step)
    {
        var kept = File.ReadAllLines(path).Where(line =>
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                return doc.RootElement.GetProperty("step").GetInt64() < step;
            }
            catch (JsonException)
            {
                return false; // a torn last line from a kill -9
            }
        });
        AtomicFile.WriteText(path, string.Concat(kept.Select(l => l + "\n")));
    }
}
