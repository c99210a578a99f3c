using System.Text.Json;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

/// <summary>The recipes added after the paper train end to end in the testbed and end at their target N:M.</summary>
[Collection("Sequential")]
public class LaterRecipeRunTests : IDisposable
{
    private readonly TinyCorpus _corpus = new();

    public void Dispose() => _corpus.Dispose();

    private static readonly TrainingOptions Options = TrainingPresets.Get("tiny") with
    {
        Steps = 12, LogEvery = 1, EvalEvery = 6, CheckpointEvery = 6, EvalSentences = 4, BatchTokens = 64,
        Threads = 1, DenseSteps = 4, FineTuneSteps = 2,
    };

    [Theory]
    [InlineData("s-ste", "magnitude", 0.5)]
    [InlineData("step-adam", "magnitude", 0.5)]
    [InlineData("static", "wanda", 0.5)]
    // masked-decay ends with a dense fine-tune (Hu et al. 2024): the final layers are dense.
    [InlineData("masked-decay", "magnitude", 1.0)]
    public void Run_LaterRecipeTwoFour_EndsAtItsFinalDensityAndLogsFlipRates(string name, string score, double density)
    {
        var recipe = new RecipeSettings
        {
            Recipe = name, Pattern = new NmPattern(2, 4), Steps = Options.Steps, Score = score, CalibrationBatches = 2,
        };
        var run = new RunDirectory(_corpus.RunPath(name));
        var result = new TranslationTrainer(
            new TrainingRequest(_corpus.Data, run, Options, Options.WithPhases(recipe), Resume: false),
            new SilentObserver()).Run();

        Assert.NotNull(result);
        Assert.True(double.IsFinite(result!.ValidLoss));
        Assert.All(result.Layers, l => Assert.Equal(density, l.Density));
        var kinds = File.ReadAllLines(run.Metrics)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()).ToList();
        Assert.Equal(2, kinds.Count(k => k == "flip_rate"));   // one per validation (steps 6 and 12)
        Assert.Equal(12, kinds.Count(k => k == "train"));
    }
}
