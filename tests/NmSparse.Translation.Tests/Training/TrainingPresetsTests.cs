using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

public class TrainingPresetsTests
{
    [Theory]
    [InlineData("tiny", 32, 1, 40, 256)]
    [InlineData("quick", 128, 3, 3000, 1024)]
    [InlineData("study", 192, 3, 6300, 1536)]
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
    public void Get_Study_DiffersFromQuickOnlyInItsDocumentedKeys()
    {
        // The study preset is written out in full (tuning quick must not change a running study), so this pins
        // every difference: the d 192 model, larger batches, a longer run that cools down over its last 30 %.
        var quick = TrainingPresets.Get("quick");
        var expected = quick with
        {
            Preset = "study", Model = quick.Model with { DModel = 192, FeedForward = 768 },
            Steps = 6300, BatchTokens = 1536, LrDecayTail = 0.3, EvalEvery = 900, EvalSentences = 300,
        };
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected),
            System.Text.Json.JsonSerializer.Serialize(TrainingPresets.Get("study")));
    }

    [Theory]
    [InlineData("quick", "data/en-de-v4000")]
    [InlineData("study", "data/en-de-v4000")]
    [InlineData("tiny", "data/en-de")]
    public void DefaultDataFolder_Preset_NamesTheFolderOfItsSubwordVocab(string preset, string folder)
    {
        Assert.Equal(folder, TrainingPresets.Get(preset).DefaultDataFolder());
    }

    [Fact]
    public void CheckSubwordVocab_OtherTokenizerSize_NamesTheBuildCommand()
    {
        var quick = TrainingPresets.Get("quick");
        quick.CheckSubwordVocab(4000, "data/x");
        var e = Assert.Throws<UserInputException>(() => quick.CheckSubwordVocab(8000, "data/en-de"));
        Assert.Equal(
            "data/en-de: its tokenizer has 8000 subwords, but this run (preset quick) is set for subword_vocab 4000: " +
            "build it with `nmsparse data --vocab-size 4000 --out data/en-de-v4000` and pass --data " +
            "data/en-de-v4000, or --set subword_vocab=8000", e.Message);
        TrainingPresets.Get("tiny").CheckSubwordVocab(123, "data/y"); // no subword_vocab: any tokenizer
    }

    [Fact]
    public void Validate_SubwordVocabBelowEight_NamesTheKey()
    {
        var options = TrainingPresets.Get("quick") with { SubwordVocab = 4 };
        var e = Assert.Throws<UserInputException>(options.Validate);
        Assert.Contains("subword_vocab", e.Message);
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
