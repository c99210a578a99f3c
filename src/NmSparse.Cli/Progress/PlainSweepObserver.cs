using NmSparse.Translation.Study;
using NmSparse.Translation.Training;

namespace NmSparse.Cli.Progress;

/// <summary>
/// The sweep as plain lines: the whole table once, then one line whenever a run changes status. Each run's own
/// progress goes to its train.log.
/// </summary>
internal sealed class PlainSweepObserver(TextWriter output) : ISweepObserver, IDisposable
{
    private readonly TrainLogs _logs = new();

    public void OnUpdate(IReadOnlyList<SweepRow> rows, int changed, bool statusChanged, TimeSpan? eta)
    {
        if (!statusChanged) return;
        if (changed < 0)
        {
            for (int i = 0; i < rows.Count; i++) Line(rows, i);
            output.WriteLine(SweepRowText.Eta(eta));
            return;
        }
        Line(rows, changed, " | " + SweepRowText.Eta(eta));
    }

    public ITrainingObserver TrainingLog(StudyCell cell, RunDirectory run) => _logs.Open(run);

    public void Dispose() => _logs.Dispose();

    private void Line(IReadOnlyList<SweepRow> rows, int index, string suffix = "") =>
        output.WriteLine($"[{index + 1}/{rows.Count}] " +
            string.Join(" | ", SweepRowText.Columns(rows[index]).Where(c => c.Length > 0)) + suffix);
}
