using System.Diagnostics;

namespace NmSparse.Translation.Study;

/// <summary>
/// The sweep's table as its runner and the runs in training (other threads) change it: the rows, when and from which
/// step each launched run started, and the whole sweep's <see cref="SweepEta"/> for the launcher's jobs. Every
/// change goes to the observer under one lock. Rows running but not launched here are held elsewhere and left out
/// of the ETA.
/// </summary>
internal sealed class SweepBoard(ISweepObserver observer, int jobs)
{
    private readonly object _gate = new();
    private readonly Dictionary<int, (long FirstStep, long Timestamp)> _launched = [];
    private List<SweepRow> _rows = [];

    /// <summary>The row of a run as its folder shows it (for an unfinished run, the step its metrics reached).
    /// </summary>
    public static SweepRow Row(ISweepRun run) => new(run.Cell, run.Status, run.Finished, run.Message,
        run.Finished?.Steps ?? RunProgress.StepReached(run.Run), run.PlannedSteps);

    public void Begin(IEnumerable<SweepRow> rows)
    {
        lock (_gate)
        {
            _rows = rows.ToList();
            observer.OnUpdate(_rows, -1, statusChanged: true, Eta());
        }
    }

    /// <summary>Row <paramref name="index"/> started training here, with <paramref name="message"/> beside it.
    /// </summary>
    public void Launch(int index, string? message)
    {
        lock (_gate)
        {
            _launched[index] = (_rows[index].Step, Stopwatch.GetTimestamp());
            Change(index, _rows[index] with { Status = RunStatus.Running, Message = message }, statusChanged: true);
        }
    }

    /// <summary>Row <paramref name="index"/> changed; a status other than running ends its launch.</summary>
    public void Set(int index, Func<SweepRow, SweepRow> change, bool statusChanged)
    {
        lock (_gate)
        {
            var row = change(_rows[index]);
            if (row.Status != RunStatus.Running) _launched.Remove(index);
            Change(index, row, statusChanged);
        }
    }

    /// <summary>Row <paramref name="index"/> reached <paramref name="step"/> (ignored unless it is further on).
    /// </summary>
    public void Advance(int index, long step)
    {
        lock (_gate)
        {
            if (step > _rows[index].Step && _rows[index].Status == RunStatus.Running)
                Change(index, _rows[index] with { Step = step }, statusChanged: false);
        }
    }

    private void Change(int index, SweepRow row, bool statusChanged)
    {
        _rows[index] = row;
        observer.OnUpdate(_rows, index, statusChanged, Eta());
    }

    private TimeSpan? Eta()
    {
        var finished = _rows.Where(r => r.Result is not null)
            .Select(r => (r.Result!.Steps, r.Result.WallSeconds()));
        var launched = _launched.Keys.Order().ToList();
        var running = launched.Select(i => (_rows[i].Step - _launched[i].FirstStep,
            Stopwatch.GetElapsedTime(_launched[i].Timestamp).TotalSeconds));
        var remaining = launched.Concat(Enumerable.Range(0, _rows.Count)
                .Where(i => _rows[i].Status is RunStatus.Pending or RunStatus.Partial))
            .Select(i => _rows[i].Steps - _rows[i].Step)
            .ToList();
        return SweepEta.Estimate(finished, remaining, running, jobs);
    }
}
