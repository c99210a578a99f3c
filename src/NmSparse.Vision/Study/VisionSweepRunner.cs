using System.Globalization;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Vision.Study;

/// <summary>
/// Trains the cells of a <see cref="VisionSweepPlan"/> one at a time: finished and diverged cells are skipped, a
/// started one resumes from its last checkpoint; a run that throws is marked failed (failed.json) and the sweep
/// goes on. Each run's progress goes to its own observer (<paramref name="log"/>), one line per cell to
/// <paramref name="report"/>; <paramref name="configure"/> sets the options that do not define a run (device,
/// threads).
/// </summary>
public sealed class VisionSweepRunner(VisionSweepPlan plan, Func<RunDirectory, ITrainingObserver> log,
    Action<string> report, Func<VisionTrainingOptions, VisionTrainingOptions>? configure = null)
{
    public IReadOnlyList<VisionStudyRun> Run()
    {
        plan.Prepare();
        var runs = plan.Runs().ToList();
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].Status == RunStatus.Done || runs[i] is { Status: RunStatus.Failed, Diverged: true }) continue;
            report($"[{i + 1}/{runs.Count}] {runs[i].Cell.Name}: training");
            runs[i] = Train(runs[i]);
            report($"[{i + 1}/{runs.Count}] {runs[i].Cell.Name}: {Describe(runs[i])}");
        }
        return runs;
    }

    private VisionStudyRun Train(VisionStudyRun study)
    {
        StudyRun.ClearFailure(study.Run);
        var saved = VisionRunConfig.Load(study.Run);
        var training = configure?.Invoke(saved.Training) ?? saved.Training;
        var observer = log(study.Run);
        var request = new VisionTrainingRequest(saved.DataDir, study.Run, training, saved.Recipe,
            File.Exists(study.Run.LastCheckpoint));
        StudyRun.TrainOrMarkFailed(study.Run, observer, () => new VisionTrainer(request, observer).Run());
        return VisionStudyRun.Read(study.Cell, study.Run);
    }

    private static string Describe(VisionStudyRun run) => run.Result is { } r
        ? string.Create(CultureInfo.InvariantCulture,
            $"done, test accuracy {r.TestAccuracy:F2} %, training FLOPs {r.Flops.RatioToDense:F3}× dense")
        : $"{run.Status.ToString().ToLowerInvariant()}{(run.Message is { } m ? ": " + m : "")}";
}
