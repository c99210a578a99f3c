using NmSparse.Translation.Training;

namespace NmSparse.Cli.Progress;

/// <summary>
/// Each sweep run's own progress lines, appended to its train.log. Several runs may train at once: a log is closed
/// when the sweep disposes it at the end of its run, or with this. Lines may come from several threads.
/// </summary>
internal sealed class TrainLogs : IDisposable
{
    private readonly List<RunLog> _open = [];

    public ITrainingObserver Open(RunDirectory run)
    {
        var writer = new StreamWriter(Path.Combine(run.Root, "train.log"), append: true) { AutoFlush = true };
        var log = new RunLog(TextWriter.Synchronized(writer), this);
        lock (_open) _open.Add(log);
        return log;
    }

    public void Dispose()
    {
        lock (_open)
        {
            foreach (var log in _open) log.Writer.Dispose();
            _open.Clear();
        }
    }

    private sealed class RunLog : PlainTrainingObserver, IDisposable
    {
        private readonly TrainLogs _logs;

        public RunLog(TextWriter writer, TrainLogs logs) : base(writer)
        {
            Writer = writer;
            _logs = logs;
        }

        public TextWriter Writer { get; }

        public void Dispose()
        {
            lock (_logs._open) _logs._open.Remove(this);
            Writer.Dispose();
        }
    }
}
