using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// Trains the cells of a sweep of any task (<see cref="ISweepPlan{TRun}"/>: translation's <see cref="SweepPlan"/>,
/// the vision sweep's plan) in queue order, up to <see cref="IRunLauncher.Jobs"/> at once (an
/// <see cref="InProcessRunLauncher"/> trains one at a time in this process): finished cells (result.json) and
/// diverged ones are skipped (delete failed.json to retry), a started one is resumed from its last checkpoint, the others start from
/// their config.json. Each run is claimed first (<see cref="RunClaims"/>): a cell another live sweep process holds
/// is skipped and shown as running elsewhere (and trained here after all if that process lets it go unfinished
/// while this sweep still runs), a stale claim is taken over, and the claim is removed when the run ends, however it
/// ends. A failed run is marked failed (failed.json, with its message) and the sweep goes on; a failure other than
/// divergence is retried by the next sweep, and a crash (<see cref="RunOutcome.Crashed"/>) is relaunched at once
/// from the last checkpoint, up to <see cref="RetriesAfterCrash"/> times. Cancelling stops the runs in training (left resumable) and starts no
/// more. The progress of runs trained in other processes is read from their folders every
/// <see cref="PollInterval"/> (<see cref="RunProgress"/>).
/// </summary>
public sealed class SweepRunner<TRun> where TRun : class, ISweepRun
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often one sweep relaunches a run that crashed (<see cref="RunOutcome.Crashed"/>) from its last
    /// checkpoint before leaving it failed; a failure from the run's input or a divergence is never retried.
    /// </summary>
    public const int RetriesAfterCrash = 2;

    private readonly ISweepPlan<TRun> _plan;
    private readonly ISweepObserver _observer;
    private readonly IRunLauncher _launcher;
    private readonly RunClaims _claims;
    private readonly SweepBoard _board;
    private readonly HashSet<int> _elsewhere = [];
    private readonly Dictionary<int, int> _retries = [];

    /// <param name="plan">The cells and their folders.</param>
    /// <param name="observer">Where the table and each run's log go.</param>
    /// <param name="launcher">How runs are trained: in this process one at a time, or in child processes.</param>
    /// <param name="claims">This process's claims (default: <see cref="RunClaims.ForThisProcess"/>).</param>
    public SweepRunner(ISweepPlan<TRun> plan, ISweepObserver observer, IRunLauncher launcher,
        RunClaims? claims = null)
    {
        _plan = plan;
        _observer = observer;
        _launcher = launcher;
        _claims = claims ?? RunClaims.ForThisProcess();
        _board = new SweepBoard(observer, _launcher.Jobs);
    }

    /// <summary>The cells still held by other sweep processes when <see cref="Run"/> returned.</summary>
    public IReadOnlyList<StudyCell> Elsewhere { get; private set; } = [];

    /// <summary>Runs every pending cell; returns the final state of every cell, in queue order.</summary>
    public IReadOnlyList<TRun> Run(CancellationToken cancel = default)
    {
        _plan.Prepare();
        var runs = _plan.Runs().ToList();
        _board.Begin(runs.Select(SweepBoard.Row));
        var waiting = new Queue<int>(Enumerable.Range(0, runs.Count).Where(i => Trainable(runs[i])));
        foreach (var run in runs.Where(r => !Trainable(r))) _claims.RemoveIfStale(run.Run);
        var active = new List<ActiveRun>();
        var retrying = new Queue<int>(); // crashed runs, relaunched before the waiting ones
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            while (true)
            {
                while (active.Count < _launcher.Jobs && !stop.IsCancellationRequested
                    && (retrying.TryDequeue(out int next) || waiting.TryDequeue(out next)))
                {
                    if (Start(runs, next, stop.Token) is { } started) active.Add(started);
                }
                if (active.Count == 0) break;
                int ended = Task.WaitAny(active.Select(a => a.Task).ToArray(), PollInterval);
                if (ended < 0)
                {
                    Poll(runs, active, waiting);
                    continue;
                }
                var run = active[ended];
                var outcome = Outcome(run.Task);
                int retry = RetryNumber(run.Index, outcome, stop.IsCancellationRequested);
                runs[run.Index] = End(run, outcome, retry);
                active.RemoveAt(ended);
                if (retry > 0) retrying.Enqueue(run.Index);
            }
        }
        finally
        {
            stop.Cancel(); // after an error: stop what still trains, then let its claims go
            foreach (var run in active) End(run, Outcome(run.Task), retry: 0);
        }
        Elsewhere = _elsewhere.Order().Select(i => runs[i].Cell).ToList();
        return runs;
    }

    /// <summary>0 unless the run crashed with retries left and the sweep goes on: then this retry's number.</summary>
    private int RetryNumber(int index, RunOutcome outcome, bool stopping)
    {
        int done = _retries.GetValueOrDefault(index);
        if (!outcome.Crashed || stopping || done >= RetriesAfterCrash) return 0;
        return _retries[index] = done + 1;
    }

    private static bool Trainable(TRun run) =>
        run.Status != RunStatus.Done && run is not { Status: RunStatus.Failed, Diverged: true };

    /// <summary>Claims and launches cell <paramref name="index"/>; null when it is held elsewhere or done.</summary>
    private ActiveRun? Start(List<TRun> runs, int index, CancellationToken cancel)
    {
        var study = runs[index];
        var attempt = _claims.TryClaim(study.Run);
        if (!attempt.Claimed)
        {
            _elsewhere.Add(index);
            _board.Set(index, r => r with { Status = RunStatus.Running, Message = attempt.ElsewhereNote }, true);
            return null;
        }
        bool launched = false;
        try
        {
            runs[index] = study = _plan.Read(study.Cell, study.Run); // another sweep may have finished it
            if (!Trainable(study))
            {
                _board.Set(index, _ => SweepBoard.Row(study), true);
                return null;
            }
            StudyRun.ClearFailure(study.Run);
            var log = _observer.TrainingLog(study.Cell, study.Run);
            if (attempt.TakeoverNote is { } note) log.OnMessage(note);
            var progress = new ProgressObserver(log, report => _board.Advance(index, report.Step + 1));
            _board.Launch(index, attempt.TakeoverNote);
            var job = new RunJob(study.Cell, study.Run, File.Exists(study.Run.LastCheckpoint), progress,
                pid => _claims.RecordTrainer(study.Run, pid));
            var task = _launcher.Train(job, cancel);
            launched = true;
            return new ActiveRun(index, study, log, task);
        }
        finally
        {
            if (!launched) _claims.Release(study.Run);
        }
    }

    /// <summary>Waits for the launched run; a launcher's own error is the run's failure.</summary>
    private static RunOutcome Outcome(Task<RunOutcome> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return RunOutcome.Failed(e.Message, diverged: false);
        }
    }

    /// <summary>
    /// Logs how <paramref name="run"/> ended and releases it; <paramref name="retry"/> &gt; 0: it crashed and is
    /// relaunched from its last checkpoint (retry number <paramref name="retry"/>).
    /// </summary>
    private TRun End(ActiveRun run, RunOutcome outcome, int retry)
    {
        var folder = run.Study.Run;
        try
        {
            if (outcome.End == RunEnd.Failed)
            {
                run.Log.OnMessage(retry > 0
                    ? $"failed: {outcome.Message}; crashed, so retrying from the last checkpoint " +
                      $"(retry {retry} of {RetriesAfterCrash})"
                    : $"failed: {outcome.Message}");
                StudyRun.MarkFailed(folder, outcome.Message ?? "failed", outcome.Diverged);
            }
            else if (outcome.End == RunEnd.Interrupted)
            {
                run.Log.OnMessage("interrupted; the next sweep resumes the run from its last checkpoint");
            }
            (run.Log as IDisposable)?.Dispose();
        }
        finally
        {
            _claims.Release(folder);
        }
        var study = _plan.Read(run.Study.Cell, folder);
        _board.Set(run.Index, _ => SweepBoard.Row(study), true);
        return study;
    }

    /// <summary>Reads the step reached by the runs in training and those held elsewhere; frees released cells.
    /// </summary>
    private void Poll(List<TRun> runs, List<ActiveRun> active, Queue<int> waiting)
    {
        foreach (var run in active) _board.Advance(run.Index, RunProgress.StepReached(run.Study.Run));
        foreach (int index in _elsewhere.ToList())
        {
            var folder = runs[index].Run;
            if (File.Exists(RunClaims.PathOf(folder)))
            {
                _board.Advance(index, RunProgress.StepReached(folder));
                continue;
            }
            _elsewhere.Remove(index);
            runs[index] = _plan.Read(runs[index].Cell, folder);
            _board.Set(index, _ => SweepBoard.Row(runs[index]), true);
            if (Trainable(runs[index])) waiting.Enqueue(index);
        }
    }

    private sealed record ActiveRun(int Index, TRun Study, ITrainingObserver Log, Task<RunOutcome> Task);

    /// <summary>Passes everything to the run's log and each step to the table.</summary>
    private sealed class ProgressObserver(ITrainingObserver log, Action<StepReport> onStep) : ITrainingObserver
    {
        public void OnStart(long firstStep, long totalSteps) => log.OnStart(firstStep, totalSteps);

        public void OnStep(StepReport report)
        {
            log.OnStep(report);
            onStep(report);
        }

        public void OnEval(EvalReport report) => log.OnEval(report);

        public void OnMessage(string message) => log.OnMessage(message);
    }
}
