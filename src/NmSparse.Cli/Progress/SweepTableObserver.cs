using NmSparse.Translation.Study;
using NmSparse.Translation.Training;
using Spectre.Console;

namespace NmSparse.Cli.Progress;

/// <summary>The sweep as a live Spectre.Console table, one line per run, with the whole sweep's ETA.</summary>
internal sealed class SweepTableObserver : ISweepObserver, IDisposable
{
    private readonly LiveDisplayContext _context;
    private readonly Table _table;
    private readonly TrainLogs _logs = new();

    private SweepTableObserver(LiveDisplayContext context, Table table)
    {
        _context = context;
        _table = table;
    }

    public void OnUpdate(IReadOnlyList<SweepRow> rows, int changed, bool statusChanged, TimeSpan? eta)
    {
        _table.Rows.Clear();
        foreach (var row in rows) _table.AddRow(SweepRowText.Columns(row).Select(Markup.Escape).ToArray());
        _table.Caption(Markup.Escape(SweepRowText.Eta(eta)));
        _context.Refresh();
    }

    public ITrainingObserver TrainingLog(StudyCell cell, RunDirectory run) => _logs.Open(run);

    public void Dispose() => _logs.Dispose();

    /// <summary>Runs <paramref name="work"/> under a live table with the columns of <paramref name="task"/>.</summary>
    public static T Run<T>(string task, Func<ISweepObserver, T> work)
    {
        var table = new Table();
        foreach (string header in SweepRowText.Headers(task)) table.AddColumn(header);
        return AnsiConsole.Live(table).Start(context =>
        {
            using var observer = new SweepTableObserver(context, table);
            return work(observer);
        });
    }
}
