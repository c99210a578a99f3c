namespace NmSparse.Translation.Training;

/// <summary>Receives progress from a training run (the CLI draws a progress bar, tests collect reports).</summary>
public interface ITrainingObserver
{
    void OnStart(long firstStep, long totalSteps);
    void OnStep(StepReport report);
    void OnEval(EvalReport report);
    void OnMessage(string message);
}
