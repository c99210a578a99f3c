using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>What a sweep reports while it runs (the CLI shows a live table or plain lines).</summary>
public interface ISweepObserver
{
    /// <summary>
    /// The table changed (calls come one at a time, from any thread): row <paramref name="changed"/> started,
    /// advanced a step or finished (<paramref name="statusChanged"/> unless it only advanced), or −1 for the first
    /// table before any training; <paramref name="eta"/> is the whole sweep's.
    /// </summary>
    void OnUpdate(IReadOnlyList<SweepRow> rows, int changed, bool statusChanged, TimeSpan? eta);

    /// <summary>
    /// Where the trainer of <paramref name="cell"/> reports its own progress (e.g. a train.log), or, for a run in a
    /// child process, where that process's output lines go (<see cref="ITrainingObserver.OnMessage"/>). Several runs
    /// may train at once, so calls may come from several threads; a log that is <see cref="IDisposable"/> is
    /// disposed when its run ends.
    /// </summary>
    ITrainingObserver TrainingLog(StudyCell cell, RunDirectory run);
}
