using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

public class TrainingPresetsTests
{
    [Theory]
    [InlineData("tiny", 32, 1, 40, 256)]
    [InlineData("quick", 256, 3, 1300, 1024)]
    [InlineData("study", 256, 3, 2800, 1536)]
    [InlineData("base", 512, 6, 100_000, 25_000)]
    public void Get_Preset_HasDocumentedShape(string name, int d, int layers, long steps, int batch)
    {
        var options = TrainingPresets.Get(name);
        Assert.Equal((name, d, layers, layers, steps, batch),
            (options.Preset, options.Model.DModel, options.Model.EncoderLayers, options.Model.DecoderLayers,
             options.Steps, options.BatchTokens));
        options.Validate();
    }

    [Theory]
    [InlineData("tiny", "fp32", 1.0)]
    [InlineData("quick", "auto", 0.3)]
    [InlineData("study", "auto", 0.3)]
    [InlineData("base", "fp32", 1.0)]
    public void Get_Preset_HasTunedPrecisionAndResidualGain(string name, string precision, double gain)
    {
        var options = TrainingPresets.Get(name);
        Assert.Equal((precision, gain), (options.Precision, options.Model.ResidualInitGain));
    }

    [Fact]
    public void Get_Study_IsQuickWithLargerBatchesLongerRunAndSparserEvaluation()
    {
        // The study preset is written out in full (tuning quick must not change a running study), so this pins
        // that its only differences from quick are the ones its comment names.
        var quick = TrainingPresets.Get("quick");
        var expected = quick with
        {
            Preset = "study", Steps = 2800, BatchTokens = 1536, WarmupSteps = 400, EvalEvery = 700,
            EvalSentences = 300,
        };
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected),
            System.Text.Json.JsonSerializer.Serialize(TrainingPresets.Get("study")));
    }

    [Fact]
    public void Get_UnknownPreset_ListsValidNames()
    {
        var e = Assert.Throws<UserInputException>(() => TrainingPresets.Get("huge"));
        Assert.Equal("unknown preset 'huge' (valid: tiny, quick, study, base)", e.Message);
    }

    [Fact]
    public void Validate_HeadsNotDividingWidth_NamesTheKey()
    {
        var options = TrainingPresets.Get("tiny") with { Model = TrainingPresets.Get("tiny").Model with { Heads = 3 } };
        var e = Assert.Throws<UserInputException>(options.Validate);
        Assert.Contains("Heads", e.Message);
    }
}
