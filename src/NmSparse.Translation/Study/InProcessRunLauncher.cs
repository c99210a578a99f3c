using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// Trains one run at a time in this process with <see cref="TranslationTrainer"/>, on a thread of its own so the
/// sweep can follow other processes' runs meanwhile. <paramref name="configure"/> adjusts each session's options that
/// do not define the run (device, threads). On cancellation the trainer is stopped at its next report to the log (a
/// logged step, a validation, a message): the report throws, the trainer unwinds and the run is left as a kill would
/// leave it, resumable from its last (atomic) checkpoint; nothing native is still running when the sweep returns.
/// </summary>
public sealed class InProcessRunLauncher(Func<TrainingOptions, TrainingOptions>? configure = null) : IRunLauncher
{
    public int Jobs => 1;

    public Task<RunOutcome> Train(RunJob job, CancellationToken cancel) =>
        Task.Factory.StartNew(() => TrainHere(job, cancel), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private RunOutcome TrainHere(RunJob job, CancellationToken cancel)
    {
        try
        {
            var saved = SavedRunConfig.Load(job.Run);
            var training = configure?.Invoke(saved.Training) ?? saved.Training;
            var request = new TrainingRequest(saved.DataDir, job.Run, training, saved.Recipe, job.Resume);
            new TranslationTrainer(request, new StoppingObserver(job.Log, cancel)).Run();
            return RunOutcome.Completed;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return RunOutcome.Interrupted;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return RunOutcome.Failed(e.Message, e is TrainingDivergedException);
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
