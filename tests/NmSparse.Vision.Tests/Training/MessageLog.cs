using NmSparse.Translation.Training;

namespace NmSparse.Vision.Tests.Training;

/// <summary>An observer that keeps the message lines (vision evaluations arrive as messages) and step reports.</summary>
internal sealed class MessageLog : ITrainingObserver
{
    public List<string> Messages { get; } = [];

    public List<StepReport> Steps { get; } = [];

    public void OnStart(long firstStep, long totalSteps)
    {
    }

    public void OnStep(StepReport report) => Steps.Add(report);

    public void OnEval(EvalReport report) => Messages.Add(report.ToString());

    public void OnMessage(string message) => Messages.Add(message);
}
