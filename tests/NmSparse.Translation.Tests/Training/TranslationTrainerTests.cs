using System.Text.Json;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

[Collection("Sequential")]
public class TranslationTrainerTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    private static readonly TrainingOptions Options = TrainingPresets.Get("tiny") with
    {
        Steps = 12, Model = TrainingPresets.Get("tiny").Model with { Dropout = 0.1 }, LogEvery = 1, EvalEvery = 6, CheckpointEvery = 5, EvalSentences = 4,
        BatchTokens = 64, Threads = 1,
    };

    private static readonly RecipeSettings Recipe = new()
    {
        Recipe = "mask-decay", Pattern = new NmPattern(2, 4), Steps = 12, DenseSteps = 2, FineTuneSteps = 3,
        Decay = "linear", Alpha = 0.25,
    };

    private TrainingRequest Request(string run, bool resume, long? pauseAt = null) =>
        new(_corpus.Data, new RunDirectory(_corpus.RunPath(run)), Options, Recipe, resume, pauseAt);

    private static List<double> TrainLosses(RunDirectory run) => File.ReadAllLines(run.Metrics)
        .Select(l => JsonDocument.Parse(l).RootElement)
        .Where(e => e.GetProperty("kind").GetString() == "train")
        .Select(e => e.GetProperty("loss").GetDouble())
        .ToList();

    [Fact]
    public void Run_PausedThenResumed_ReproducesUninterruptedRunExactly()
    {
        var whole = new TranslationTrainer(Request("whole", resume: false), new RecordingObserver()).Run();

        var paused = new TranslationTrainer(Request("split", resume: false, pauseAt: 7), new RecordingObserver()).Run();
        Assert.Null(paused);
        var resumed = new TranslationTrainer(Request("split", resume: true), new RecordingObserver()).Run();

        var wholeRun = new RunDirectory(_corpus.RunPath("whole"));
        var splitRun = new RunDirectory(_corpus.RunPath("split"));
        Assert.Equal(12, TrainLosses(wholeRun).Count);
        Assert.Equal(TrainLosses(wholeRun), TrainLosses(splitRun));
        Assert.NotNull(whole);
        Assert.NotNull(resumed);
        Assert.Equal(whole!.ValidLoss, resumed!.ValidLoss);
        Assert.Equal(whole.TrainingFlops, resumed.TrainingFlops);
        Assert.Equal(whole.TestBleuLine, resumed.TestBleuLine);
    }

    [Fact]
    public void Run_MaskDecay_ResultHasFinalTwoFourLayersAndFlopSavings()
    {
        var observer = new RecordingObserver();
        var result = new TranslationTrainer(Request("md", resume: false), observer).Run()!;
        Assert.All(result.Layers, l => Assert.Equal(("2:4", 0.5), (l.Pattern, l.Density)));
        // Steps 0–1 dense (β = 1), 2–8 sparse with β = max(0, 1 − 0.25t), 9–11 fine-tune (β = 0).
        Assert.Equal([1, 1, 1, 0.75, 0.5, 0.25, 0, 0, 0, 0, 0, 0], observer.Steps.Select(s => s.Beta));
        Assert.Equal(["dense", "dense", "sparse", "sparse", "sparse", "sparse", "sparse", "sparse", "sparse",
            "finetune", "finetune", "finetune"], observer.Steps.Select(s => s.Phase));
        Assert.InRange(result.SparseLayerFlopRatio, 0.5, 0.99);
        Assert.True(File.Exists(new RunDirectory(_corpus.RunPath("md")).BestCheckpoint));
        Assert.True(File.Exists(new RunDirectory(_corpus.RunPath("md")).Result));
    }

    private sealed class RecordingObserver : ITrainingObserver
    {
        public List<StepReport> Steps { get; } = [];

        public void OnStart(long firstStep, long totalSteps) { }
        public void OnStep(StepReport report) => Steps.Add(report);
        public void OnEval(EvalReport report) { }
        public void OnMessage(string message) { }
    }
}
