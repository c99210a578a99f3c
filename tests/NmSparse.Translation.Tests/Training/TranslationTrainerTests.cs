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

    private TrainingRequest Request(string run, TrainingOptions options, RecipeSettings recipe) =>
        new(_corpus.Data, new RunDirectory(_corpus.RunPath(run)), options, recipe, Resume: false);

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
        Assert.All(result.Layers, l => Assert.Equal(("2:4", 0.5, 0.0), (l.Pattern, l.Density, l.Beta)));
        // Steps 0–1 dense (β = 1), 2–8 sparse with β = max(0, 1 − 0.25t), 9–11 fine-tune (β = 0).
        Assert.Equal([1, 1, 1, 0.75, 0.5, 0.25, 0, 0, 0, 0, 0, 0], observer.Steps.Select(s => s.Beta));
        Assert.Equal(["dense", "dense", "sparse", "sparse", "sparse", "sparse", "sparse", "sparse", "sparse",
            "finetune", "finetune", "finetune"], observer.Steps.Select(s => s.Phase));
        Assert.InRange(result.SparseLayerFlopRatio, 0.5, 0.99);
        Assert.True(File.Exists(new RunDirectory(_corpus.RunPath("md")).BestCheckpoint));
        Assert.True(File.Exists(new RunDirectory(_corpus.RunPath("md")).Result));
    }

    [Fact]
    public void Run_EndingWhileBetaPositive_ResultHasBetaOfTheLastStepNotOfTheBakedModel()
    {
        // No fine-tune: the last step 11 is sparse step t = 9 with β = 1 − 0.0625·9 = 0.4375.
        var recipe = Recipe with { FineTuneSteps = 0, Alpha = 0.0625 };
        var result = new TranslationTrainer(Request("beta", Options, recipe), new RecordingObserver()).Run()!;
        Assert.Equal(16, result.Layers.Count); // 6 projections in the encoder layer, 10 in the decoder layer
        Assert.All(result.Layers, l => Assert.Equal(("2:4", 0.5, 0.4375), (l.Pattern, l.Density, l.Beta)));
    }

    [Fact]
    public void Run_FakeClock_TokensPerSecondCountTrainingTimeOnly()
    {
        // Each logged step takes 1 s of the fake clock and each validation 100 s; nothing else advances it.
        var clock = new FakeClock();
        var observer = new RecordingObserver { OnStepSeconds = 1, OnEvalSeconds = 100, Clock = clock };
        var result = new TranslationTrainer(Request("clock", resume: false), observer, clock).Run()!;

        var train = TranslationData.Load(_corpus.Data, Options.MaxTokens).Train;
        var batcher = new TokenBatcher(train.SourceLengths(), train.TargetLengths(), Options.BatchTokens, Options.Seed);
        long tokens = Enumerable.Range(0, 12).Sum(step => (long)batcher.ForStep(step).TargetTokens);
        Assert.Equal((12.0, 200.0, 0.0), (result.TrainingSeconds, result.ValidationSeconds, result.CheckpointSeconds));
        Assert.Equal(tokens, result.TargetTokens);
        Assert.Equal(tokens / 12.0, result.TargetTokensPerSecond);
    }

    [Fact]
    public void Run_DecoderKeptDense_SparsifiedLayerFlopRatioIsExactlyHalf()
    {
        // Fine-tune from step 0: every sparsified GEMM (forward, input and weight gradient) runs at 2:4 density.
        var options = Options with { KeepDense = ["decoder.*"] };
        var recipe = new RecipeSettings
        {
            Recipe = "ste", Pattern = new NmPattern(2, 4), Steps = 12, FineTuneSteps = 12,
        };
        var result = new TranslationTrainer(Request("keep", options, recipe), new RecordingObserver()).Run()!;
        Assert.All(result.Layers, l => Assert.StartsWith("encoder.", l.Name));
        Assert.Equal(result.SparseLayerDenseFlops, 2 * result.SparseLayerFlops);
        Assert.Equal(0.5, result.SparseLayerFlopRatio);
        Assert.InRange(result.FlopRatioToDense, 0.51, 0.99);
    }

    [Fact]
    public void Run_ValidatingEveryStep_BestCheckpointIsTheBestFineTuneValidation()
    {
        var run = new RunDirectory(_corpus.RunPath("best"));
        var options = Options with { EvalEvery = 1 };
        var result = new TranslationTrainer(Request("best", options, Recipe), new RecordingObserver()).Run()!;

        var valid = File.ReadAllLines(run.Metrics).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "valid")
            .Select(e => (Step: e.GetProperty("step").GetInt64(), Bleu: e.GetProperty("bleu").GetDouble()))
            .ToList();
        Assert.Equal(12, valid.Count);
        // Fine-tune (final masks) is steps 9–11; the first of the best among them wins.
        var fineTune = valid.Where(v => v.Step >= 9).ToList();
        var best = fineTune.First(v => v.Bleu == fineTune.Max(f => f.Bleu));
        Assert.Equal((best.Step + 1, best.Bleu), (result.BestCheckpointStep, result.BestCheckpointValidBleu));
        Assert.Equal(best.Step + 1, CheckpointHeader.Read(run.BestCheckpoint).Header.NextStep);
    }

    private sealed class FakeClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => _ticks;
        public void Advance(double seconds) => _ticks += (long)(seconds * TimeSpan.TicksPerSecond);
    }

    private sealed class RecordingObserver : ITrainingObserver
    {
        public List<StepReport> Steps { get; } = [];

        public FakeClock? Clock { get; init; }
        public double OnStepSeconds { get; init; }
        public double OnEvalSeconds { get; init; }

        public void OnStart(long firstStep, long totalSteps) { }

        public void OnStep(StepReport report)
        {
            Steps.Add(report);
            Clock?.Advance(OnStepSeconds);
        }

        public void OnEval(EvalReport report) => Clock?.Advance(OnEvalSeconds);
        public void OnMessage(string message) { }
    }
}
