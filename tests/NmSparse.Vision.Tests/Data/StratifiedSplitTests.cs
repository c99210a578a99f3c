using NmSparse.Vision.Data;

namespace NmSparse.Vision.Tests.Data;

public class StratifiedSplitTests
{
    private static readonly byte[] Labels = Enumerable.Range(0, 40).Select(i => (byte)(i % 4)).ToArray();

    [Fact]
    public void Choose_EightOfFourClasses_TakesTwoOfEachClassSortedAscending()
    {
        var chosen = StratifiedSplit.Choose(Labels, count: 8, classes: 4, seed: 5);

        Assert.Equal(8, chosen.Length);
        Assert.Equal(chosen.Order().ToArray(), chosen);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(2, chosen.Count(i => Labels[i] == c)));
    }

    [Fact]
    public void Choose_SameSeed_SameIndices_OtherSeed_OtherIndices()
    {
        Assert.Equal(StratifiedSplit.Choose(Labels, 8, 4, 5), StratifiedSplit.Choose(Labels, 8, 4, 5));
        Assert.NotEqual(StratifiedSplit.Choose(Labels, 8, 4, 5), StratifiedSplit.Choose(Labels, 8, 4, 6));
    }

    [Fact]
    public void Choose_AllButOneOfEachClass_LeavesOneTrainingImagePerClass()
    {
        var chosen = StratifiedSplit.Choose(Labels, count: 36, classes: 4, seed: 1);

        var left = Enumerable.Range(0, 40).Except(chosen).Select(i => Labels[i]).Order().ToArray();
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, left);
    }

    [Theory]
    [InlineData(6, "valid images: 6 is not a positive multiple of 4 classes")]
    [InlineData(40, "valid images: class 0 has 10 training images, 10 valid ones would leave none to train on")]
    public void Choose_BadCount_OneLineError(int count, string message)
    {
        Assert.Equal(message, Assert.Throws<UserInputException>(() => StratifiedSplit.Choose(Labels, count, 4, 1)).Message);
    }
}
