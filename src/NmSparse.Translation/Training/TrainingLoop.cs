using static TorchSharp.torch;

namespace NmSparse.Translation.Training;

/// <summary>
/// The step loop every testbed task trains with: per step the sparsifier's state, the learning rate, the seed
/// (dropout of step k depends on k only), the task's training step, FLOP and item counters, progress and
/// metrics lines; validation every <see cref="TrainerOptions.EvalEvery"/> steps (the best checkpoint is chosen
/// among the steps with final masks, see <see cref="FinalMaskSteps"/>) and checkpoints every
/// <see cref="TrainerOptions.CheckpointEvery"/>, both only after <see cref="DivergenceGuard"/> found the state
/// finite. A resumed run reproduces an uninterrupted one exactly when the task's batch of a step is a function of
/// the step alone. Training, validation and checkpoint time are measured apart on the given clock.
/// </summary>
/// <typeparam name="TModel">The task's model.</typeparam>
public sealed class TrainingLoop<TModel> where TModel : nn.Module
{
    private readonly RunSession<TModel> _session;
    private readonly TrainerOptions _options;
    private readonly RunDirectory _run;
    private readonly ITrainingObserver _observer;
    private readonly TimeProvider _clock;

    public TrainingLoop(RunSession<TModel> session, TrainerOptions options, RunDirectory run,
        ITrainingObserver observer, TimeProvider clock)
    {
        _session = session;
        _options = options;
        _run = run;
        _observer = observer;
        _clock = clock;
        Guard = new DivergenceGuard(session, options.Steps);
        Metrics = new MetricsLog(run, session.NextStep);
    }

    /// <summary>The guard of this run (the task's step checks loss and gradients with it).</summary>
    public DivergenceGuard Guard { get; }

    /// <summary>The run's metrics log (opened at the resume step).</summary>
    public MetricsLog Metrics { get; }

    /// <summary>
    /// Trains from the session's next step to the end (true) or to <paramref name="pauseAt"/> (false, with a
    /// checkpoint there); <paramref name="learningRate"/> gives the rate of each step.
    /// </summary>
    public bool Run(ITrainingTask task, Func<long, double> learningRate, long? pauseAt)
    {
        var session = _session;
        var finalMasks = new FinalMaskSteps(session.Sparsifier.Recipe);
        _observer.OnStart(session.NextStep, _options.Steps);
        long sessionStart = _clock.GetTimestamp();
        double trainingAtStart = session.TrainingSeconds;
        long itemsAtStart = session.TrainedItems;
        long end = Math.Min(_options.Steps, pauseAt ?? long.MaxValue);
        for (long step = session.NextStep; step < end; step++)
        {
            long stepStart = _clock.GetTimestamp();
            if (session.Sparsifier.NeedsCalibrationAt(step)) task.Calibrate(step);
            var state = session.Sparsifier.Step(step);
            double rate = learningRate(step);
            foreach (var group in session.Optimizer.ParamGroups) group.LearningRate = rate;
            manual_seed(unchecked(_options.Seed * 7_919L + step)); // dropout of step k depends on k only
            var trained = task.Train(step, new StepGuard(Guard, step));
            session.Sparsifier.RecordStepFlops();
            session.OtherFlops += trained.OtherFlops;
            session.TrainedItems += trained.Items;
            session.NextStep = step + 1;

            bool last = step == _options.Steps - 1;
            bool validate = (step + 1) % _options.EvalEvery == 0 || last;
            bool save = (step + 1) % _options.CheckpointEvery == 0 || last || step + 1 == end;
            if (step % _options.LogEvery == 0 || last)
            {
                double seconds = session.TrainingSeconds + Seconds(stepStart) - trainingAtStart;
                double throughput = (session.TrainedItems - itemsAtStart) / Math.Max(seconds, 1e-9);
                var remaining = TimeSpan.FromSeconds((_options.Steps - step - 1) * Seconds(sessionStart) /
                    (step + 1 - session.FirstStep));
                var elapsed = TimeSpan.FromSeconds(session.TrainingSeconds + session.ValidationSeconds +
                    session.CheckpointSeconds + Seconds(stepStart));
                _observer.OnStep(new StepReport(step, _options.Steps, trained.Loss, rate, throughput, elapsed,
                    remaining, state.Phase.ToString().ToLowerInvariant(), state.Pattern.ToString(), state.Beta,
                    task.ItemUnit));
                Metrics.Write("train", step, new Dictionary<string, double>
                {
                    ["loss"] = trained.Loss, ["lr"] = rate, [$"{task.ItemName}_per_second"] = throughput,
                    ["beta"] = state.Beta, ["n"] = state.Pattern.N, ["m"] = state.Pattern.M,
                    ["flop_ratio"] = session.FlopRatio(), ["flip_rate"] = session.Sparsifier.ModelFlipRate(),
                });
            }
            if (validate || save) Guard.CheckState(step); // nothing non-finite is scored or written
            session.TrainingSeconds += Seconds(stepStart);

            if (validate && Validate(task, step, finalMasks.Contains(step))) Save(_run.BestCheckpoint);
            if (save) Save(_run.LastCheckpoint);
        }
        if (session.NextStep < _options.Steps)
        {
            _observer.OnMessage($"paused at step {session.NextStep}; continue with --resume");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Validates and logs each layer's mask flip rate; true when the score is the best so far among the steps with
    /// final masks (<paramref name="masksFinal"/>), which the caller then saves as the best checkpoint.
    /// </summary>
    private bool Validate(ITrainingTask task, long step, bool masksFinal)
    {
        long start = _clock.GetTimestamp();
        double score = task.Validate(step, Metrics, masksFinal);
        // Per-layer mask flip rate since each layer's previous mask update (Hu et al. 2024 choose λ by it).
        Metrics.Write("flip_rate", step, _session.Sparsifier.Diagnostics().ToDictionary(d => d.Name, d => d.FlipRate));
        _session.ValidationSeconds += Seconds(start);
        if (!masksFinal || !(score > _session.BestScore)) return false;
        _session.BestScore = score;
        _session.BestStep = step;
        return true;
    }

    private void Save(string path)
    {
        long start = _clock.GetTimestamp();
        _session.Save(path);
        _session.CheckpointSeconds += Seconds(start);
    }

    private double Seconds(long since) => _clock.GetElapsedTime(since).TotalSeconds;
}
