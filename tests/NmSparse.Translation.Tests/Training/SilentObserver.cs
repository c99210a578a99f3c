using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

/// <summary>A training observer that ignores everything (for tests that look only at results and files).</summary>
internal sealed class SilentObserver : ITrainingObserver
{
    public void OnStart(long firstStep, long totalSteps) { }
    public void OnStep(StepReport report) { }
    public void OnEval(EvalReport report) { }
    public void OnMessage(string message) { }
}
