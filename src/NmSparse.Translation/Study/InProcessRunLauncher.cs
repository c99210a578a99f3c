using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// Trains one run at a time in this process with <see cref="TranslationTrainer"/>, on a thread of its own so the
/// sweep can follow other processes' runs meanwhile. <paramref name="configure"/> adjusts each session's options that
/// do not define the run (device, threads). The trainer cannot be stopped midway: on cancellation the task ends at
/// once as interrupted and the training thread is abandoned until the process exits (the CLI exits right after), which
/// leaves the run as a kill would, resumable from its last (atomic) checkpoint.
/// </summary>
public sealed class InProcessRunLauncher(Func<TrainingOptions, TrainingOptions>? configure = null) : IRunLauncher
{
    public int Jobs => 1;

    public Task<RunOutcome> Train(RunJob job, CancellationToken cancel)
    {
        var training = Task.Factory.StartNew(() => TrainHere(job), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (!cancel.CanBeCanceled) return training;
        var ended = new TaskCompletionSource<RunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = cancel.Register(() => ended.TrySetResult(RunOutcome.Interrupted));
        training.ContinueWith(t =>
        {
            registration.Dispose();
            ended.TrySetResult(t.Result);
        }, TaskScheduler.Default);
        return ended.Task;
    }

    private RunOutcome TrainHere(RunJob job)
    {
        try
        {
            var saved = SavedRunConfig.Load(job.Run);
            var training = configure?.Invoke(saved.Training) ?? saved.Training;
            var request = new TrainingRequest(saved.DataDir, job.Run, training, saved.Recipe, job.Resume);
            new TranslationTrainer(request, job.Log).Run();
            return RunOutcome.Completed;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return RunOutcome.Failed(e.Message, e is TrainingDivergedException);
        }
    }
}
