using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// Trains the cells of a <see cref="SweepPlan"/> one at a time with <see cref="TranslationTrainer"/>: finished cells
/// (result.json) and diverged ones are skipped (delete failed.json to retry), a started one is resumed from its last
/// checkpoint, the others start from their config.json. An exception in one run marks it failed (failed.json, with
/// its message) and the sweep goes on; a failure other than divergence is retried by the next sweep.
/// <paramref name="configure"/> adjusts each session's options that do not define the run (device, threads).
/// </summary>
public sealed class SweepRunner(SweepPlan plan, ISweepObserver observer,
    Func<TrainingOptions, TrainingOptions>? configure = null)
{
    /// <summary>Runs every pending cell; returns the final state of every cell, in queue order.</summary>
    public IReadOnlyList<StudyRun> Run()
    {
        plan.Prepare();
        var runs = plan.Runs().ToList();
        var rows = runs.Select(Row).ToList();
        observer.OnUpdate(rows, -1, statusChanged: true, Eta(rows, null));
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].Status == RunStatus.Done || runs[i] is { Status: RunStatus.Failed, Diverged: true }) continue;
            runs[i] = Train(runs[i], rows, i);
            rows[i] = Row(runs[i]);
            observer.OnUpdate(rows, i, statusChanged: true, Eta(rows, null));
        }
        return runs;
    }

    private StudyRun Train(StudyRun study, List<SweepRow> rows, int index)
    {
        StudyRun.ClearFailure(study.Run);
        var saved = SavedRunConfig.Load(study.Run);
        var training = configure?.Invoke(saved.Training) ?? saved.Training;
        bool resume = File.Exists(study.Run.LastCheckpoint);
        rows[index] = rows[index] with { Status = RunStatus.Running, Message = null };
        observer.OnUpdate(rows, index, statusChanged: true, Eta(rows, null));
        var log = observer.TrainingLog(study.Cell, study.Run);
        var progress = new ProgressObserver(log, report =>
        {
            rows[index] = rows[index] with { Step = report.Step + 1 };
            observer.OnUpdate(rows, index, statusChanged: false,
                Eta(rows, (report.Step + 1, report.Elapsed.TotalSeconds)));
        });
        var request = new TrainingRequest(saved.DataDir, study.Run, training, saved.Recipe, resume);
        StudyRun.TrainOrMarkFailed(study.Run, log, () => new TranslationTrainer(request, progress).Run());
        return StudyRun.Read(study.Cell, study.Run);
    }

    private static SweepRow Row(StudyRun run) => new(run.Cell, run.Status, run.Result, run.Message,
        run.Result?.Steps ?? 0, run.Config?.Training.Steps ?? 0);

    private static TimeSpan? Eta(IReadOnlyList<SweepRow> rows, (long Steps, double Seconds)? running)
    {
        var finished = rows.Where(r => r.Result is not null)
            .Select(r => (r.Result!.Steps, StudyRun.WallSecondsOf(r.Result)));
        long remaining = rows.Where(r => r.Status is RunStatus.Pending or RunStatus.Partial or RunStatus.Running)
            .Sum(r => r.Steps - r.Step);
        return SweepEta.Estimate(finished, remaining, running);
    }

    /// <summary>Passes everything to the run's log and each step to the table.</summary>
    private sealed class ProgressObserver(ITrainingObserver log, Action<StepReport> onStep) : ITrainingObserver
    {
        public void OnStart(long firstStep, long totalSteps) => log.OnStart(firstStep, totalSteps);

        public void OnStep(StepReport report)
        {
            log.OnStep(report);
            onStep(report);
        }

        public void OnEval(EvalReport report) => log.OnEval(report);

        public void OnMessage(string message) => log.OnMessage(message);
    }
}
