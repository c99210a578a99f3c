using NmSparse.Translation.Study;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Study;

/// <summary>Keeps the sweep's last table, every status change as "name status: message", and each run's log lines
/// (all its launches').
/// </summary>
internal sealed class RecordingSweepObserver : ISweepObserver
{
    public IReadOnlyList<SweepRow> Rows { get; private set; } = [];
    public List<string> Changes { get; } = [];
    public Dictionary<string, List<string>> Logs { get; } = [];

    public void OnUpdate(IReadOnlyList<SweepRow> rows, int changed, bool statusChanged, TimeSpan? eta)
    {
        Rows = rows.ToList();
        if (changed >= 0 && statusChanged)
        {
            var row = rows[changed];
            Changes.Add($"{row.Cell.Name} {row.Status.ToString().ToLowerInvariant()}" +
                (row.Message is { } m ? $": {m}" : ""));
        }
    }

    public ITrainingObserver TrainingLog(StudyCell cell, RunDirectory run)
    {
        if (!Logs.TryGetValue(cell.Name, out var lines)) Logs[cell.Name] = lines = []; // a relaunch appends
        return new LineLog(lines);
    }

    private sealed class LineLog(List<string> lines) : ITrainingObserver
    {
        public void OnStart(long firstStep, long totalSteps) { }
        public void OnStep(StepReport report) { }
        public void OnEval(EvalReport report) { }

        public void OnMessage(string message)
        {
            lock (lines) lines.Add(message);
        }
    }
}
