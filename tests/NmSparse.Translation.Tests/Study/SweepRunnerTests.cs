using System.Text.Json.Nodes;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Study;
using NmSparse.Translation.Tests.Training;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Study;

/// <summary>A 2-recipe × 1 N:M × 1 seed sweep of the tiny preset on the offline tiny corpus.</summary>
[Collection("Sequential")]
public class SweepRunnerTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    private static readonly TrainingOptions Training = TrainingPresets.Get("tiny") with
    {
        Steps = 8, EvalEvery = 4, CheckpointEvery = 2, EvalSentences = 4, BatchTokens = 64, Threads = 1,
    };

    private string Root => Path.Combine(_corpus.Root, "sweeps", "s");

    private SweepPlan Plan(TrainingOptions? training = null, bool isoFlops = false) => SweepPlan.Open(Root,
        new SweepManifest(new StudyGrid(["srste", "mask-decay"], [new NmPattern(2, 4)], 1), "tiny", [], isoFlops),
        training ?? Training, new RecipeSettings(), _corpus.Data);

    [Fact]
    public void Run_TwiceOverTwoCells_TrainsEachOnceAndSecondRunTrainsNothing()
    {
        var first = new CountingObserver();
        var runs = new SweepRunner<StudyRun>(Plan(), first, SweepPlan.InProcessLauncher()).Run();
        Assert.Equal([RunStatus.Done, RunStatus.Done], runs.Select(r => r.Status));
        Assert.Equal(["srste-2x4-s1", "mask-decay-2x4-s1"], first.Trained);
        var results = runs.Select(r => r.Run.Result).ToList();
        Assert.Equal([Path.Combine(Root, "runs", "srste-2x4-s1", "result.json"),
            Path.Combine(Root, "runs", "mask-decay-2x4-s1", "result.json")], results);
        var written = results.Select(File.GetLastWriteTimeUtc).ToList();
        Assert.True(File.Exists(SweepManifest.PathIn(Root)));

        var second = new CountingObserver();
        var again = new SweepRunner<StudyRun>(Plan(), second, SweepPlan.InProcessLauncher()).Run();
        Assert.Empty(second.Trained);
        Assert.Equal(written, results.Select(File.GetLastWriteTimeUtc));
        Assert.Equal(runs.Select(r => r.Result!.TestBleuLine), again.Select(r => r.Result!.TestBleuLine));
    }

    [Fact]
    public void Run_GridExtendedBySecondSeed_TrainsOnlyTheNewCells()
    {
        new SweepRunner<StudyRun>(Plan(), new CountingObserver(), SweepPlan.InProcessLauncher()).Run();
        var extended = SweepPlan.Open(Root,
            new SweepManifest(new StudyGrid(["srste"], [new NmPattern(2, 4)], 2), "tiny", [], false),
            Training, new RecipeSettings(), _corpus.Data);
        var observer = new CountingObserver();
        var runs = new SweepRunner<StudyRun>(extended, observer, SweepPlan.InProcessLauncher()).Run();
        Assert.Equal(["srste-2x4-s2", "mask-decay-2x4-s2"], observer.Trained);
        Assert.Equal(4, runs.Count(r => r.Status == RunStatus.Done));
        Assert.Equal(2, SweepManifest.Load(Root)!.Grid.Seeds);
    }

    [Fact]
    public void Run_PartialCell_ResumesItFromItsCheckpoint()
    {
        var plan = Plan();
        plan.Prepare();
        var cell = plan.RunFor(plan.Queue[0]);
        var saved = SavedRunConfig.Load(cell);
        new TranslationTrainer(new TrainingRequest(saved.DataDir, cell, saved.Training, saved.Recipe, false, 4),
            new CountingObserver()).Run();
        Assert.Equal(RunStatus.Partial, plan.Runs()[0].Status);

        var observer = new CountingObserver();
        var runs = new SweepRunner<StudyRun>(plan, observer, SweepPlan.InProcessLauncher()).Run();
        Assert.Equal(RunStatus.Done, runs[0].Status);
        Assert.Contains(observer.Messages, m => m.StartsWith($"resumed from {cell.LastCheckpoint} at step 4 ",
            StringComparison.Ordinal));
        Assert.Equal([4, 0], observer.FirstSteps); // the partial cell from step 4, the other from 0
    }

    [Fact]
    public void Run_OneCellBroken_MarksItFailedAndTrainsTheNext()
    {
        var plan = Plan();
        plan.Prepare();
        string checkpoint = plan.RunFor(plan.Queue[0]).LastCheckpoint;
        File.WriteAllText(checkpoint, "not a checkpoint");
        var runs = new SweepRunner<StudyRun>(plan, new CountingObserver(), SweepPlan.InProcessLauncher()).Run();
        Assert.Equal([RunStatus.Failed, RunStatus.Done], runs.Select(r => r.Status));
        Assert.Equal($"{checkpoint}: not an NmSparse checkpoint", runs[0].Message);
        Assert.Equal((RunStatus.Failed, false), (Plan().Runs()[0].Status, Plan().Runs()[0].Diverged));
    }

    [Fact]
    public void Run_DivergedAndOtherwiseFailedCells_SkipsDivergedRetriesTheOther()
    {
        var plan = Plan();
        plan.Prepare();
        StudyRun.MarkFailed(plan.RunFor(plan.Queue[0]), "training diverged at step 3", diverged: true);
        StudyRun.MarkFailed(plan.RunFor(plan.Queue[1]), "disk full", diverged: false);
        var observer = new CountingObserver();
        var runs = new SweepRunner<StudyRun>(plan, observer, SweepPlan.InProcessLauncher()).Run();
        Assert.Equal(["mask-decay-2x4-s1"], observer.Trained);
        Assert.Equal((RunStatus.Failed, "training diverged at step 3"), (runs[0].Status, runs[0].Message));
        Assert.Equal((RunStatus.Done, null), (runs[1].Status, runs[1].Message));
    }

    [Fact]
    public void Run_CancelledWhileTrainingInProcess_StopsAtTheNextReportResumableAndTrainsNoMore()
    {
        using var cancel = new CancellationTokenSource();
        var observer = new CountingObserver { AtStep = _ => cancel.Cancel() }; // Ctrl+C during step 1
        var runs = new SweepRunner<StudyRun>(Plan(), observer, SweepPlan.InProcessLauncher()).Run(cancel.Token);
        Assert.Equal(["srste-2x4-s1"], observer.Trained);
        // Stopped at the validation after step 4, before its checkpoint: the last one holds 2 steps.
        Assert.Equal([RunStatus.Partial, RunStatus.Pending], runs.Select(r => r.Status));
        Assert.Equal("interrupted; the next sweep resumes the run from its last checkpoint", observer.Messages[^1]);
        Assert.False(File.Exists(RunClaims.PathOf(runs[0].Run)));

        var again = new CountingObserver();
        Assert.All(new SweepRunner<StudyRun>(Plan(), again, SweepPlan.InProcessLauncher()).Run(),
            r => Assert.Equal(RunStatus.Done, r.Status));
        Assert.Contains(again.Messages, m => m.StartsWith($"resumed from {runs[0].Run.LastCheckpoint} at step 2 ",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Open_OtherStepsForStartedCells_ErrorNamesCellAndSetting()
    {
        Plan().Prepare();
        var e = Assert.Throws<UserInputException>(() => Plan(Training with { Steps = 9 }));
        Assert.Equal($"{Path.Combine(Root, "runs", "srste-2x4-s1", "config.json")}: the saved run differs from this " +
            $"sweep's settings (Training.Steps: 8 vs 9); use the preset and --set values of " +
            $"{SweepManifest.PathIn(Root)} or another --out", e.Message);
    }

    [Fact]
    public void Open_RunSavedBeforeDecoupledWeightDecayExisted_IsNoDifferenceButSettingTheKeyIs()
    {
        Plan().Prepare();
        string config = Path.Combine(Root, "runs", "srste-2x4-s1", "config.json");
        var saved = JsonNode.Parse(File.ReadAllText(config))!;
        Assert.True(saved["Training"]!.AsObject().Remove("DecoupledWeightDecay"));
        File.WriteAllText(config, saved.ToJsonString());

        _ = Plan();
        var e = Assert.Throws<UserInputException>(() => Plan(Training with { DecoupledWeightDecay = true }));
        Assert.Contains("(Training.DecoupledWeightDecay: false vs true)", e.Message);
    }

    [Fact]
    public void ConfigFor_IsoFlops_DenseKeepsStepsCheaperRecipesGetMore()
    {
        var plan = Plan(isoFlops: true);
        long dense = plan.ConfigFor(new StudyCell("dense", null, 1)).Training.Steps;
        long srste = plan.ConfigFor(plan.Queue[0]).Training.Steps;
        long maskDecay = plan.ConfigFor(plan.Queue[1]).Training.Steps;
        Assert.Equal(8, dense);
        Assert.True(srste > maskDecay && maskDecay > dense, $"srste {srste}, mask-decay {maskDecay}");
        Assert.Equal(srste, plan.ConfigFor(plan.Queue[0]).Recipe.Steps);
    }

    private sealed class CountingObserver : ISweepObserver, ITrainingObserver
    {
        public List<string> Trained { get; } = [];
        public List<string> Messages { get; } = [];
        public List<long> FirstSteps { get; } = [];
        public Action<StepReport>? AtStep { get; init; }

        public void OnUpdate(IReadOnlyList<SweepRow> rows, int changed, bool statusChanged, TimeSpan? eta) { }

        public ITrainingObserver TrainingLog(StudyCell cell, RunDirectory run)
        {
            Trained.Add(cell.Name);
            return this;
        }

        public void OnStart(long firstStep, long totalSteps) => FirstSteps.Add(firstStep);
        public void OnStep(StepReport report) => AtStep?.Invoke(report);
        public void OnEval(EvalReport report) { }
        public void OnMessage(string message) => Messages.Add(message);
    }
}
