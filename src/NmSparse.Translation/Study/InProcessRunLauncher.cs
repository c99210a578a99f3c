using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// Trains one run at a time in this process with <paramref name="train"/> (the task's trainer on the run's
/// config.json: <see cref="SweepPlan.InProcessLauncher"/> for translation), on a thread of its own so the sweep can
/// follow other processes' runs meanwhile. On cancellation the trainer is stopped at its next report to the log (a
/// logged step, a validation, a message): the report throws, the trainer unwinds and the run is left as a kill would
/// leave it, resumable from its last (atomic) checkpoint; nothing native is still running when the sweep returns.
/// </summary>
/// <param name="train">Trains the job's run to its end, reporting to the given log.</param>
public sealed class InProcessRunLauncher(Action<RunJob, ITrainingObserver> train) : IRunLauncher
{
    public int Jobs => 1;

    public Task<RunOutcome> Train(RunJob job, CancellationToken cancel) =>
        Task.Factory.StartNew(() => TrainHere(job, cancel), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private RunOutcome TrainHere(RunJob job, CancellationToken cancel)
    {
        try
        {
            train(job, new StoppingObserver(job.Log, cancel));
            return RunOutcome.Completed;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return RunOutcome.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return RunOutcome.Failed(e.Message, e is TrainingDivergedException,
                crashed: e is not (UserInputException or TrainingDivergedException));
        }
    }

    /// <summary>Passes every report on, after throwing once cancellation was requested.</summary>
    private sealed class StoppingObserver(ITrainingObserver log, CancellationToken cancel) : ITrainingObserver
    {
        public void OnStart(long firstStep, long totalSteps)
        {
            cancel.ThrowIfCancellationRequested();
            log.OnStart(firstStep, totalSteps);
        }

        public void OnStep(StepReport report)
        {
            cancel.ThrowIfCancellationRequested();
            log.OnStep(report);
        }

        public void OnEval(EvalReport report)
        {
            cancel.ThrowIfCancellationRequested();
            log.OnEval(report);
        }

        public void OnMessage(string message)
        {
            cancel.ThrowIfCancellationRequested();
            log.OnMessage(message);
        }
    }
}
