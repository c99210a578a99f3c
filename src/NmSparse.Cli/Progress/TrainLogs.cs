using NmSparse.Translation.Training;

namespace NmSparse.Cli.Progress;

/// <summary>Each sweep run's own progress lines, appended to its train.log (one file open at a time).</summary>
internal sealed class TrainLogs : IDisposable
{
    private StreamWriter? _log;

    public ITrainingObserver Open(RunDirectory run)
    {
        _log?.Dispose();
        _log = new StreamWriter(Path.Combine(run.Root, "train.log"), append: true) { AutoFlush = true };
        return new PlainTrainingObserver(_log);
    }

    public void Dispose() => _log?.Dispose();
}
