using NmSparse.Recipes;
using NmSparse.Translation.Data;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Study;

/// <summary>
/// What a sweep trains: its folder (sweep.json, runs/CELL), the grid's cells in <see cref="StudyQueue"/> order and
/// each cell's run config: the base training options and recipe settings (preset + overrides, made by the caller)
/// with the cell's recipe, N:M and seed, and with <see cref="SweepManifest.IsoFlops"/> the steps that give the
/// recipe the dense run's training FLOPs (<see cref="PlannedFlops.StepsForBudget"/>; the phase fractions then
/// apply to those steps).
/// </summary>
public sealed class SweepPlan : SweepFolder<StudyRun>
{
    private readonly TrainingOptions _training;
    private readonly RecipeSettings _recipe;
    private readonly string _dataDir;
    private readonly Dictionary<(string, Masks.NmPattern?), long> _isoSteps = new();
    private IReadOnlyList<FlopLayer>? _layers;
    private long _remainder;
    private long _denseBudget;

    public SweepPlan(string root, SweepManifest manifest, TrainingOptions training, RecipeSettings recipe,
        string dataDir) : base(root, manifest)
    {
        _training = training;
        _recipe = recipe;
        _dataDir = dataDir;
    }

    /// <summary>
    /// The plan for <paramref name="manifest"/> in <paramref name="root"/>: an existing sweep.json's grid is
    /// extended by the new one. Throws a one-line <see cref="UserInputException"/> when a cell already has a
    /// config.json that differs from what this plan would train (another preset or override), naming the cell and
    /// the first differing setting.
    /// </summary>
    public static SweepPlan Open(string root, SweepManifest manifest, TrainingOptions training,
        RecipeSettings recipe, string dataDir)
    {
        manifest = SweepManifest.Extend(root, manifest);
        var plan = new SweepPlan(root, manifest, training, recipe, dataDir);
        plan.CheckSavedRuns((cell, run) => ConfigDifference.Find(SavedRunConfig.Load(run), plan.ConfigFor(cell)));
        return plan;
    }

    /// <summary>The config <paramref name="cell"/> trains with (validated).</summary>
    public SavedRunConfig ConfigFor(StudyCell cell)
    {
        var training = _training with { Seed = cell.Seed };
        var recipe = _recipe with { Recipe = cell.Recipe, Pattern = cell.Pattern ?? _recipe.Pattern };
        if (Manifest.IsoFlops) training = training with { Steps = IsoFlopSteps(recipe) };
        training.Validate();
        var phased = training.WithPhases(recipe);
        phased.Validate();
        return new SavedRunConfig(training, phased, _dataDir);
    }

    public override StudyRun Read(StudyCell cell, RunDirectory run) => StudyRun.Read(cell, run);

    protected override void PrepareRun(StudyCell cell, RunDirectory run) => ConfigFor(cell).Prepare(run);

    /// <summary>
    /// Trains translation runs in this process from their config.json; <paramref name="configure"/> adjusts each
    /// session's options that do not define the run (device, threads).
    /// </summary>
    public static InProcessRunLauncher InProcessLauncher(Func<TrainingOptions, TrainingOptions>? configure = null) =>
        new((job, log) =>
        {
            var saved = SavedRunConfig.Load(job.Run);
            var training = configure?.Invoke(saved.Training) ?? saved.Training;
            new TranslationTrainer(new TrainingRequest(saved.DataDir, job.Run, training, saved.Recipe, job.Resume),
                log).Run();
        });

    private long IsoFlopSteps(RecipeSettings recipe)
    {
        var key = (recipe.Recipe, recipe.Recipe == "dense" ? (Masks.NmPattern?)null : recipe.Pattern);
        if (_isoSteps.TryGetValue(key, out long steps)) return steps;
        var phased = _training.WithPhases(recipe);
        if (_layers is null)
        {
            var tokenizer = SubwordTokenizer.Load(Path.Combine(_dataDir, "spm.model"));
            var config = TrainingSession.ModelConfig(_training, tokenizer);
            _layers = TransformerFlopLayers.For(config, _training, phased);
            _remainder = TransformerFlopLayers.Remainder(config, _training);
            var dense = _training.WithPhases(recipe with { Recipe = "dense" });
            _denseBudget = PlannedFlops.Total(RecipeRegistry.Create(dense), _layers, _remainder);
        }
        steps = PlannedFlops.StepsForBudget(_denseBudget, phased, _layers, _remainder);
        _isoSteps[key] = steps;
        return steps;
    }
}
