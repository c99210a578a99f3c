using System.Text.Json;
using NmSparse.Masks;
using NmSparse.Recipes;
using NmSparse.Translation.Training;
using NmSparse.Vision.Tests.Data;
using NmSparse.Vision.Training;
using static TorchSharp.torch;

namespace NmSparse.Vision.Tests.Training;

[Collection("Sequential")]
public class VisionTrainerTests : IDisposable
{
    private static readonly VisionTrainingOptions Options = VisionPresets.Get("tiny") with { Threads = 1 };
    private readonly TinyFashion _data = new();

    public void Dispose() => _data.Dispose();

    private static RecipeSettings Recipe(string name, NmPattern pattern) =>
        Options.WithPhases(new RecipeSettings { Recipe = name, Pattern = pattern });

    private VisionTrainingRequest Request(string run, RecipeSettings recipe, bool resume = false, long? pauseAt = null,
        VisionTrainingOptions? options = null) =>
        new(_data.Data, new RunDirectory(_data.RunPath(run)), options ?? Options, recipe, resume, pauseAt);

    private static VisionRunResult Train(VisionTrainingRequest request, MessageLog? log = null)
    {
        new VisionRunConfig(request.Options, request.Recipe, request.DataDir).Prepare(request.Run);
        return new VisionTrainer(request, log ?? new MessageLog()).Run()!;
    }

    private static Dictionary<string, byte[]> Sections(RunDirectory run) => CheckpointHeader.Read(run.LastCheckpoint).Sections;

    [Fact]
    public void Run_TinyDense_WritesResultMetricsAndCheckpoints()
    {
        var log = new MessageLog();
        var request = Request("dense", Recipe("dense", new NmPattern(2, 4)));

        var result = Train(request, log);

        Assert.Equal(20, result.TestImages);
        Assert.InRange(result.TestAccuracy, 0, 100);
        Assert.Equal(Math.Round(result.TestAccuracy * 20 / 100), result.TestAccuracy * 20 / 100, 9);
        Assert.Equal(8 * 16, result.TrainedImages);
        Assert.Equal(1.0, result.Flops.RatioToDense);
        Assert.True(File.Exists(request.Run.BestCheckpoint));
        using var json = JsonDocument.Parse(File.ReadAllText(request.Run.Result));
        Assert.Equal("vit-fashion", json.RootElement.GetProperty("Task").GetString());
        Assert.Equal(result.TestAccuracy, json.RootElement.GetProperty("TestAccuracy").GetDouble());
        var kinds = File.ReadAllLines(request.Run.Metrics).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => e.GetProperty("kind").GetString()).ToList();
        Assert.Equal(8, kinds.Count(k => k == "train"));
        Assert.Equal(2, kinds.Count(k => k == "valid"));
        Assert.Equal("test", kinds[^1]);
        Assert.Contains(log.Messages, m => m.StartsWith("valid @ step 4: loss ", StringComparison.Ordinal));
        Assert.Equal("img", log.Steps[0].Unit);
    }

    [Fact]
    public void Run_TinyDense_CountsTheHandCheckedFlopsOfEveryStep()
    {
        var result = Train(Request("flops", Recipe("dense", new NmPattern(2, 4))));

        // One step of 16 images, 17 tokens of d = 16 (see docs/vision.md): q/k/v/out 4·3·2·272·256, ff1 and ff2
        // 2·3·2·272·512, patch embedding 2·2·256·784 (no input gradient), head 3·2·16·160, attention
        // 12·16·17²·16.
        const long perStep = 1_671_168 + 1_671_168 + 802_816 + 15_360 + 887_808;
        Assert.Equal(8 * perStep, result.Flops.Total);
        Assert.Equal(8 * perStep, result.Flops.Dense);
        Assert.Equal(8 * (1_671_168L + 1_671_168), result.Flops.SparseLayersDense);
    }

    [Fact]
    public void Run_TinyWithTwoChannelStem_CountsTheStemAndThePatchEmbeddingsInputGradient()
    {
        var options = Options with { Model = Options.Model with { StemChannels = 2 } };
        var result = Train(Request("stem", Recipe("dense", new NmPattern(2, 4)), options: options));

        // As the tiny step above, but the patch embedding reads 2·49 stem channels and its input now needs a
        // gradient: 3·2·256·1568; the stem, counted by the accountant as a dense layer: 2 GEMMs (forward and weight
        // gradient; the images need no gradient) of its 2·1·9 weights over 16·28·28 pixels, 2·2·12544·18.
        const long perStep = 1_671_168 + 1_671_168 + 2_408_448 + 15_360 + 887_808 + 903_168;
        Assert.Equal(8 * perStep, result.Flops.Total);
        Assert.Equal(1.0, result.Flops.RatioToDense);
    }

    [Fact]
    public void Run_TinySrSte2To4_HalvesForwardAndInputGradientOfTheSparseLayers()
    {
        var recipe = Options.WithPhases(new RecipeSettings { Recipe = "srste", Pattern = new NmPattern(2, 4) }) with
        {
            FineTuneSteps = 0,
        };

        var result = Train(Request("srste", recipe));

        // β = 0 from step 0: forward and input-gradient GEMMs use half the weights, the weight gradient stays dense.
        Assert.Equal(8 * (1_671_168L + 1_671_168) * 2 / 3, result.Flops.SparseLayers);
        Assert.Equal(8 * (802_816L + 15_360 + 887_808) + result.Flops.SparseLayers, result.Flops.Total);
        Assert.All(result.Layers, l => Assert.Equal(0.5, l.Density));
    }

    [Fact]
    public void Run_PausedThenResumed_EndsWithTheUninterruptedWeightsAndOptimizerBitForBit()
    {
        var recipe = Recipe("mask-decay", new NmPattern(2, 4));
        var options = Options with { Model = Options.Model with { Dropout = 0.1 } };
        Train(Request("whole", recipe, options: options));
        var paused = Request("paused", recipe, pauseAt: 3, options: options);
        new VisionRunConfig(options, recipe, _data.Data).Prepare(paused.Run);
        Assert.Null(new VisionTrainer(paused, new MessageLog()).Run());

        var resumed = Train(Request("paused", recipe, resume: true, options: options));

        var whole = Sections(new RunDirectory(_data.RunPath("whole")));
        var split = Sections(new RunDirectory(_data.RunPath("paused")));
        Assert.Equal(whole["model"], split["model"]);
        Assert.Equal(whole["optimizer"], split["optimizer"]);
        using var json = JsonDocument.Parse(File.ReadAllText(new RunDirectory(_data.RunPath("whole")).Result));
        Assert.Equal(json.RootElement.GetProperty("TestAccuracy").GetDouble(), resumed.TestAccuracy);
        Assert.Equal(json.RootElement.GetProperty("Flops").GetProperty("Total").GetInt64(), resumed.Flops.Total);
    }

    [Fact]
    public void Load_FinishedRun_ScoresTheTestSplitAsTheFinisherDid()
    {
        var request = Request("eval", Recipe("srste", new NmPattern(2, 4)));
        var result = Train(request);

        using var trained = TrainedVisionModel.Load(request.Run, "last", CPU);
        var data = Vision.Data.FashionMnistData.Load(_data.Data);
        var report = new VisionEvaluator(trained.Model, Vision.Data.PixelScale.Of(data.Train.Images), CPU, 7)
            .Evaluate(data.Test, trained.Step - 1, data.Test.Count);

        Assert.Equal(8, trained.Step);
        Assert.Equal(result.TestAccuracy, report.Accuracy);
        Assert.Equal(result.TestImages, report.Images);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CreateSession_WeightDecayForm_ReachesTheSessionsAdam(bool decoupled)
    {
        var options = Options with { WeightDecay = 0.05, DecoupledWeightDecay = decoupled };
        var request = Request("adam", Recipe("srste", new NmPattern(2, 4)), options: options);
        var session = VisionTrainer.CreateSession(request, CPU, new MessageLog());
        using var model = session.Model;
        using var optimizer = session.Optimizer;

        var adam = Assert.IsType<NmSparse.Optim.Adam>(optimizer);
        Assert.Equal(decoupled, adam.DecoupledWeightDecay);
        Assert.All(adam.ParamGroups.Cast<TorchSharp.Modules.Adam.ParamGroup>(),
            g => Assert.Equal(0.05, g.Options.weight_decay));
    }

    [Fact]
    public void VisionRunConfigLoad_TranslationRun_IsAOneLineError()
    {
        var run = new RunDirectory(_data.RunPath("translation"));
        Directory.CreateDirectory(run.Root);
        File.WriteAllText(run.Config, "{\"Training\": {}}");

        var e = Assert.Throws<UserInputException>(() => VisionRunConfig.Load(run));

        Assert.Equal($"{run.Config}: a 'translation' run, not a vit-fashion run", e.Message);
    }
}
