using NmSparse.Translation.Training;

namespace NmSparse.Translation.Tests.Training;

public class TokenBatcherTests
{
    // Lengths chosen by hand: sorted by target length the order is 3(2,2) 0(3,3) 4(4,3) 1(5,5) 2(9,8).
    private static readonly int[] Source = [3, 5, 9, 2, 4];
    private static readonly int[] Target = [3, 5, 8, 2, 3];

    [Fact]
    public void Constructor_TenTokenBudget_PacksByPaddedSize()
    {
        var batcher = new TokenBatcher(Source, Target, maxTokens: 10, seed: 1);
        // {3,0}: 2·3 = 6 ≤ 10; adding 4 gives 3·4 = 12 > 10 → new batch {4,1}: 2·5 = 10; adding 2 → 3·9 > 10.
        var batches = batcher.Batches.Select(b => string.Join(",", b.Indices)).ToArray();
        Assert.Equal(["3,0", "4,1", "2"], batches);
        Assert.Equal((5, 5), (batcher.Batches[1].SourceLength, batcher.Batches[1].TargetLength));
        Assert.Equal(8, batcher.Batches[1].TargetTokens);
    }

    [Fact]
    public void ForStep_SameSeed_SameOrderAndEachBatchOncePerEpoch()
    {
        var a = new TokenBatcher(Source, Target, 10, seed: 7);
        var b = new TokenBatcher(Source, Target, 10, seed: 7);
        var epoch0 = Enumerable.Range(0, 3).Select(s => a.ForStep(s)).ToList();
        Assert.Equal(3, epoch0.Distinct().Count());
        // Random access (as after --resume) gives the same batches as sequential access.
        Assert.Same(a.ForStep(4), a.ForStep(4));
        Assert.Equal(b.ForStep(5).Indices, a.ForStep(5).Indices);
        Assert.Equal(b.ForStep(1).Indices, epoch0[1].Indices);
    }

    [Fact]
    public void Constructor_NoPairs_ThrowsUserInputError()
    {
        Assert.Throws<UserInputException>(() => new TokenBatcher([], [], 10, 1));
    }
}
