using NmSparse.Translation.Training;
using Spectre.Console;

namespace NmSparse.Cli.Progress;

/// <summary>A live progress bar (loss, tokens/s, ETA, β, N:M) for an interactive terminal.</summary>
internal sealed class LiveTrainingObserver : PlainTrainingObserver
{
    private readonly ProgressTask _task;

    public LiveTrainingObserver(ProgressContext context) : base(TextWriter.Null)
    {
        _task = context.AddTask("training", autoStart: true, maxValue: 1);
    }

    public override void OnStart(long firstStep, long totalSteps)
    {
        _task.MaxValue = totalSteps;
        _task.Value = firstStep;
    }

    public override void OnStep(StepReport r)
    {
        _task.Value = r.Step + 1;
        _task.Description = Markup.Escape(
            $"loss {r.Loss:F3} | {r.Throughput:F0} {r.Unit}/s | {Sparsity(r, 2)} | eta {r.Remaining:hh\\:mm\\:ss}");
    }

    public override void OnEval(EvalReport r) => AnsiConsole.WriteLine(Describe(r));

    public override void OnMessage(string message) => AnsiConsole.WriteLine(message);

    /// <summary>Runs <paramref name="work"/> under a live progress display.</summary>
    public static T Run<T>(Func<ITrainingObserver, T> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn())
            .Start(ctx => work(new LiveTrainingObserver(ctx)));
}
