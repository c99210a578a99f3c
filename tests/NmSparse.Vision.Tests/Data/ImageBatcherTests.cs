using NmSparse.Vision.Data;
using static TorchSharp.torch;

namespace NmSparse.Vision.Tests.Data;

public class ImageBatcherTests : IDisposable
{
    // (v/255 − 0) / (1/255) = v: the table maps every byte to its own value.
    private static readonly float[] Identity = new PixelScale(0, 1.0 / 255).Table();
    private static readonly byte[] Square = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    private readonly TinyFashion _data = new();

    public void Dispose() => _data.Dispose();

    private static float[] Augmented(int dy, int dx, bool flip)
    {
        var target = new float[9];
        ImageBatcher.Augment(Square, target, 3, 3, dy, dx, flip, Identity);
        return target;
    }

    [Fact]
    public void Augment_ShiftDownLeft_TakesPixelsFromBelowRightOfTheBorderAndPadsBlack()
    {
        Assert.Equal(new float[] { 0, 4, 5, 0, 7, 8, 0, 0, 0 }, Augmented(dy: 1, dx: -1, flip: false));
    }

    [Fact]
    public void Augment_FlipOnly_MirrorsEachRow()
    {
        Assert.Equal(new float[] { 3, 2, 1, 6, 5, 4, 9, 8, 7 }, Augmented(dy: 0, dx: 0, flip: true));
    }

    [Fact]
    public void Augment_FlipAndShift_MirrorsThenShifts()
    {
        Assert.Equal(new float[] { 0, 6, 5, 0, 9, 8, 0, 0, 0 }, Augmented(dy: 1, dx: -1, flip: true));
    }

    [Fact]
    public void IndicesForStep_OneEpoch_VisitsDisjointFullBatches()
    {
        var train = FashionMnistData.Load(_data.Data).Train;
        var batcher = new ImageBatcher(train, 16, seed: 4, augment: true, new PixelScale(0.5, 0.25));

        var epoch = Enumerable.Range(0, 3).SelectMany(s => batcher.IndicesForStep(s)).ToArray();

        Assert.Equal(3, batcher.BatchesPerEpoch);
        Assert.Equal(48, epoch.Distinct().Count());
        Assert.All(epoch, i => Assert.InRange(i, 0, 49));
    }

    [Fact]
    public void ForStep_SameSeedAndStep_SameTensorsFromAFreshBatcher()
    {
        var train = FashionMnistData.Load(_data.Data).Train;
        var scale = PixelScale.Of(train.Images);
        var (images, labels) = new ImageBatcher(train, 16, 4, true, scale).ForStep(5, CPU);
        var (again, againLabels) = new ImageBatcher(train, 16, 4, true, scale).ForStep(5, CPU);
        var (plain, _) = new ImageBatcher(train, 16, 4, false, scale).ForStep(5, CPU);

        Assert.Equal(new long[] { 16, 1, 28, 28 }, images.shape);
        Assert.True(images.eq(again).all().item<bool>());
        Assert.True(labels.eq(againLabels).all().item<bool>());
        Assert.False(images.eq(plain).all().item<bool>());
    }

    [Fact]
    public void Constructor_BatchLargerThanSplit_NamesTheKey()
    {
        var train = FashionMnistData.Load(_data.Data).Train;

        var e = Assert.Throws<UserInputException>(() => new ImageBatcher(train, 51, 1, true, new PixelScale(0, 1)));

        Assert.Equal("training option 'batch_size' 51 must be in [1, 50] (images of the train split)", e.Message);
    }

    [Fact]
    public void PixelScaleOf_TwoPixels_MeanAndPopulationStd()
    {
        var scale = PixelScale.Of(new ImageArray(1, 1, 2, [0, 255]));

        Assert.Equal((0.5, 0.5), (scale.Mean, scale.Std));
        Assert.Equal(new[] { -1f, 1f }, new[] { scale.Table()[0], scale.Table()[255] });
    }
}
