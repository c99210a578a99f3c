using System.Text.Json;
using NmSparse.Recipes;
using NmSparse.Translation.Study;
using NmSparse.Translation.Training;
using NmSparse.Vision.Training;

namespace NmSparse.Vision.Study;

/// <summary>
/// What a vision sweep trains: the grid's cells (<see cref="StudyGrid"/>, in <see cref="StudyQueue"/> order) under
/// sweeps/NAME/runs/CELL, each with the base options and recipe (preset + overrides) and the cell's recipe, N:M
/// and seed. sweep.json names the task, so a translation sweep and a vision sweep never share a folder. Equal-FLOP
/// step counts (--iso-flops) are a translation feature.
/// </summary>
public sealed class VisionSweepPlan : SweepFolder<VisionStudyRun>
{
    private readonly VisionTrainingOptions _training;
    private readonly RecipeSettings _recipe;
    private readonly string _dataDir;

    private VisionSweepPlan(string root, SweepManifest manifest, VisionTrainingOptions training, RecipeSettings recipe,
        string dataDir) : base(root, manifest)
    {
        _training = training;
        _recipe = recipe;
        _dataDir = dataDir;
    }

    /// <summary>
    /// The plan for <paramref name="manifest"/> (task vit-fashion) in <paramref name="root"/>, extending the grid of
    /// an existing sweep there; a cell whose saved config.json differs from this plan's is a one-line error.
    /// </summary>
    public static VisionSweepPlan Open(string root, SweepManifest manifest, VisionTrainingOptions training,
        RecipeSettings recipe, string dataDir)
    {
        if (manifest.IsoFlops) throw new UserInputException("--iso-flops applies to translation sweeps only");
        var plan = new VisionSweepPlan(root, SweepManifest.Extend(root, manifest), training, recipe, dataDir);
        plan.CheckSavedRuns((cell, run) =>
            ConfigDifference.Find(Normalized(VisionRunConfig.Load(run)), Normalized(plan.ConfigFor(cell))));
        return plan;
    }

    /// <summary>The config <paramref name="cell"/> trains with (validated).</summary>
    public VisionRunConfig ConfigFor(StudyCell cell)
    {
        var training = _training with { Seed = cell.Seed };
        training.Validate();
        var phased = training.WithPhases(_recipe with { Recipe = cell.Recipe, Pattern = cell.Pattern ?? _recipe.Pattern });
        phased.Validate();
        return new VisionRunConfig(training, phased, _dataDir);
    }

    public override VisionStudyRun Read(StudyCell cell, RunDirectory run) => VisionStudyRun.Read(cell, run);

    protected override void PrepareRun(StudyCell cell, RunDirectory run) => ConfigFor(cell).Prepare(run);

    /// <summary>
    /// Trains vision runs in this process from their config.json; <paramref name="configure"/> adjusts each
    /// session's options that do not define the run (device, threads).
    /// </summary>
    public static InProcessRunLauncher InProcessLauncher(
        Func<VisionTrainingOptions, VisionTrainingOptions>? configure = null) =>
        new((job, log) =>
        {
            var saved = VisionRunConfig.Load(job.Run);
            var training = configure?.Invoke(saved.Training) ?? saved.Training;
            new VisionTrainer(new VisionTrainingRequest(saved.DataDir, job.Run, training, saved.Recipe, job.Resume),
                log).Run();
        });

    /// <summary>The config without what may change between sessions (data path, device, threads), as JSON.</summary>
    private static JsonElement Normalized(VisionRunConfig config) => JsonSerializer.SerializeToElement(config with
    {
        DataDir = "",
        Training = config.Training with { Device = "auto", Threads = 0 },
    });
}
