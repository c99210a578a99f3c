using NmSparse.Recipes;
using NmSparse.Translation.Benchmarks;
using NmSparse.Translation.Training;
using static TorchSharp.torch;

namespace NmSparse.Translation.Tests.Benchmarks;

[Collection("Sequential")]
public class StepBenchmarkTests
{
    private static StepBenchmarkOptions Tiny(string recipe, string precision, bool profile = false) => new()
    {
        Training = TrainingPresets.Get("tiny") with { Precision = precision },
        Recipe = new RecipeSettings { Recipe = recipe },
        VocabSize = 40, Batch = 3, SourceLength = 5, TargetLength = 4, Steps = 2, WarmupSteps = 1, Profile = profile,
    };

    [Fact]
    public void Default_ReferenceShape_IsTheModelOfThePyTorchScript()
    {
        // bench/pytorch/step_bench.py builds Seq2Seq(vocab 8000, d 256, 4 heads, FF 1024, 3 + 3 layers).
        var options = new StepBenchmarkOptions();
        var model = options.Training.Model;
        Assert.Equal(("reference", 256, 4, 1024, 3, 3, 8000, (int?)null),
            (options.Training.Preset, model.DModel, model.Heads, model.FeedForward, model.EncoderLayers,
             model.DecoderLayers, options.VocabSize, options.Training.SubwordVocab));
        Assert.Equal(TrainingPresets.Get("study").LearningRate, options.Training.LearningRate);
        Assert.Equal(192, StepBenchmarkOptions.TrainingFor("study").Model.DModel);
    }

    [Theory]
    [InlineData("dense", "bf16")]
    [InlineData("srste", "bf16")]
    [InlineData("mask-decay", "fp32")]
    public void Run_SameSeedTwice_IdenticalLossesBitForBit(string recipe, string precision)
    {
        var first = StepBenchmark.Run(Tiny(recipe, precision), CPU);
        var second = StepBenchmark.Run(Tiny(recipe, precision), CPU);
        Assert.Equal(3, first.Losses.Count);
        Assert.All(first.Losses, l => Assert.True(double.IsFinite(l)));
        Assert.Equal(first.Losses, second.Losses);
    }

    [Fact]
    public void Run_BFloat16_LossesCloseToButNotEqualFloat32()
    {
        var full = StepBenchmark.Run(Tiny("srste", "fp32"), CPU).Losses;
        var mixed = StepBenchmark.Run(Tiny("srste", "bf16"), CPU).Losses;
        for (int i = 0; i < full.Count; i++)
        {
            Assert.NotEqual(full[i], mixed[i]);
            Assert.True(Math.Abs(full[i] - mixed[i]) <= 0.01 * full[i], $"step {i}: {full[i]} vs {mixed[i]}");
        }
    }

    [Fact]
    public void Run_TinyProfiled_CountsStepsTokensAndEveryPart()
    {
        var result = StepBenchmark.Run(Tiny("ste", "fp32", profile: true), CPU);
        Assert.Equal(("ste", "2:4", "fp32"), (result.Recipe, result.Pattern, result.Precision));
        Assert.Equal(2, result.StepMilliseconds.Count);
        Assert.Equal(12, result.TargetTokensPerStep);
        Assert.Equal(StepBenchmark.PartNames, result.Parts.Select(p => p.Part));
        Assert.True(result.Parts.Sum(p => p.Milliseconds) <= result.MaxMilliseconds);
    }

    [Fact]
    public void RunInterleaved_SrSteVersusDense_EachModelComputesWhatItsOwnRunComputes()
    {
        var pair = StepBenchmark.RunInterleaved(Tiny("srste", "bf16"), new RecipeSettings { Recipe = "dense" }, CPU);
        Assert.Equal(("srste", "dense"), (pair.Recipe.Recipe, pair.Versus.Recipe));
        Assert.Equal(StepBenchmark.Run(Tiny("srste", "bf16"), CPU).Losses, pair.Recipe.Losses);
        Assert.Equal(StepBenchmark.Run(Tiny("dense", "bf16"), CPU).Losses, pair.Versus.Losses);
        Assert.Equal(2, pair.Versus.StepMilliseconds.Count);
    }

    [Fact]
    public void RunInterleaved_WithProfile_OneLineError()
    {
        var e = Assert.Throws<UserInputException>(() =>
            StepBenchmark.RunInterleaved(Tiny("srste", "fp32", profile: true), new RecipeSettings(), CPU));
        Assert.Equal("--profile times one recipe; do not combine it with --versus", e.Message);
    }

    [Fact]
    public void MedianRatio_ThreeRounds_MedianOfPerRoundRatios()
    {
        StepBenchmarkResult Timed(params double[] ms) => new("r", "2:4", "fp32", ms, [], 1, []);
        var pair = new InterleavedStepResult(Timed(10, 30, 20), Timed(5, 10, 40)); // ratios 2, 3, 0.5
        Assert.Equal(2.0, pair.MedianRatio);
    }

    [Fact]
    public void Median_EvenAndOddCounts_MiddleValue()
    {
        Assert.Equal(2.0, StepBenchmarkResult.Median([3.0, 1.0, 2.0]));
        Assert.Equal(2.5, StepBenchmarkResult.Median([4.0, 1.0, 2.0, 3.0]));
    }

    [Fact]
    public void Validate_ZeroSteps_ErrorNamesTheSetting()
    {
        var e = Assert.Throws<UserInputException>(() => (Tiny("dense", "fp32") with { Steps = 0 }).Validate());
        Assert.Equal("StepBenchmarkOptions.Steps must be at least 1", e.Message);
    }

    [Fact]
    public void Validate_UnknownPrecision_ErrorNamesTheKey()
    {
        var e = Assert.Throws<UserInputException>(() => Tiny("dense", "fp16").Validate());
        Assert.Equal("training option 'precision': 'fp16' is not one of fp32, bf16, auto", e.Message);
    }
}
