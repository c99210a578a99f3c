using System.Text.Json;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

[Collection("Sequential")]
public class MixedPrecisionTrainingTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    private static TrainingOptions Options(string precision) => TrainingPresets.Get("tiny") with
    {
        Steps = 6, LogEvery = 1, EvalEvery = 6, CheckpointEvery = 3, EvalSentences = 2, BatchTokens = 64,
        Threads = 1, Precision = precision,
    };

    private static readonly RecipeSettings Recipe = new()
    {
        Recipe = "srste", Pattern = new NmPattern(2, 4), Steps = 6, DenseSteps = 1, FineTuneSteps = 1,
    };

    private List<double> Train(string run, string precision, bool resume = false, long? pauseAt = null)
    {
        var directory = new RunDirectory(_corpus.RunPath(run));
        var request = new TrainingRequest(_corpus.Data, directory, Options(precision), Recipe, resume, pauseAt);
        new TranslationTrainer(request, new SilentObserver()).Run();
        return File.ReadAllLines(directory.Metrics)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("kind").GetString() == "train")
            .Select(e => e.GetProperty("loss").GetDouble())
            .ToList();
    }

    [Fact]
    public void Run_BFloat16PausedThenResumed_ReproducesUninterruptedBFloat16RunExactly()
    {
        var whole = Train("whole", "bf16");
        Train("split", "bf16", pauseAt: 3);
        var split = Train("split", "bf16", resume: true);
        var full = Train("fp32", "fp32");
        Assert.Equal(6, whole.Count);
        Assert.Equal(whole, split);
        // The bf16 run really ran in bf16 after the resume too: its later losses differ from the fp32 run's.
        Assert.All(Enumerable.Range(3, 3), i => Assert.NotEqual(full[i], whole[i]));
    }

    [Fact]
    public void Options_UnknownPrecision_ValidateNamesTheKey()
    {
        var e = Assert.Throws<UserInputException>(() => Options("fp16").Validate());
        Assert.Equal("training option 'precision': 'fp16' is not one of fp32, bf16, auto", e.Message);
    }

    [Fact]
    public void SavedRunConfig_BFloat16_JsonKeepsPrecision()
    {
        var run = new RunDirectory(_corpus.RunPath("saved"));
        Directory.CreateDirectory(run.Root);
        new SavedRunConfig(Options("bf16"), Recipe, _corpus.Data).Save(run);
        Assert.Contains("\"Precision\": \"bf16\"", File.ReadAllText(run.Config));
        Assert.Equal("bf16", SavedRunConfig.Load(run).Training.Precision);
    }
}
