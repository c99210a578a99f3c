using NmSparse.Vision.Training;

namespace NmSparse.Vision.Tests.Training;

public class VisionPresetsTests
{
    [Fact]
    public void Get_Quick_SixteenPatchesOfASixteenChannelStemAndFiveThousandSteps()
    {
        var quick = VisionPresets.Get("quick");
        var model = quick.Model;

        Assert.Equal((7, 16, 17, 16 * 49, 128, 4), (model.PatchSize, model.StemChannels, model.Tokens,
            model.PatchInputs, model.DModel, model.Layers));
        Assert.Equal((5000L, 128, false), (quick.Steps, quick.BatchSize, quick.Augment));
        quick.Validate();
    }

    [Fact]
    public void ToSparsifyOptions_AnyPreset_KeepsTheStemDense()
    {
        foreach (var name in VisionPresets.Names)
        {
            var options = VisionPresets.Get(name).ToSparsifyOptions();
            Assert.True(options.KeepsDense("stem"), name);
            Assert.False(options.KeepsDense("encoder.layers.0.ff1"), name);
        }
    }
}
