using NmSparse.Masks;
using static TorchSharp.torch;

namespace NmSparse.Tests.Masks;

[Collection("Sequential")]
public class ChannelPermutationTests
{
    [Fact]
    public void Search_OneTwoHandMade_FirstBestSwapKeepsSevenInsteadOfFive()
    {
        // [4, 3 | 1, 0.5] keeps 4 + 1; every cross-group swap gives 7; the first in row-major order swaps 0 and 2.
        using var scores = tensor(new double[] { 4, 3, 1, 0.5 }, 1, 4);
        var result = ChannelPermutation.Search(scores, new NmPattern(1, 2));
        Assert.Equal([2L, 1, 0, 3], result.Permutation);
        Assert.Equal((5.0, 7.0, 1), (result.KeptBefore, result.KeptAfter, result.Swaps));
    }

    [Fact]
    public void Search_TwoFourTwoRows_ReachesEachRowsTopFour()
    {
        // Identity keeps 8+7+1+1 per row (34); at most the top four of each row can be kept: 2·26 = 52.
        using var scores = tensor(new double[] { 8, 7, 6, 5, 1, 1, 1, 1, 1, 1, 1, 1, 8, 7, 6, 5 }, 2, 8);
        var result = ChannelPermutation.Search(scores, new NmPattern(2, 4));
        Assert.Equal((34.0, 52.0), (result.KeptBefore, result.KeptAfter));
        using var permuted = scores.index_select(1, tensor(result.Permutation));
        using var mask = NmMask.Compute(permuted, new NmPattern(2, 4));
        Assert.Equal(52.0, permuted.mul(mask).sum().item<double>());
    }

    [Theory]
    [InlineData(2, 4)]
    [InlineData(1, 3)]
    [InlineData(3, 6)]
    public void Search_Random_EndsWhereNoSingleSwapKeepsMore(int n, int m)
    {
        // Brute force over every cross-group swap of the result, each scored by the N:M mask itself.
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(7);
        var pattern = new NmPattern(n, m);
        var scores = randn([3, 4 * m], ScalarType.Float64, generator: generator).abs();
        var result = ChannelPermutation.Search(scores, pattern);
        Assert.True(result.Swaps > 0);
        double Kept(long[] order)
        {
            var permuted = scores.index_select(1, tensor(order));
            return permuted.mul(NmMask.Compute(permuted, pattern)).sum().item<double>();
        }
        Assert.Equal(Kept(result.Permutation), result.KeptAfter, 12);
        for (int i = 0; i < 4 * m; i++)
        {
            for (int j = i + 1; j < 4 * m; j++)
            {
                if (i / m == j / m) continue;
                var swapped = (long[])result.Permutation.Clone();
                (swapped[i], swapped[j]) = (swapped[j], swapped[i]);
                Assert.True(Kept(swapped) <= result.KeptAfter + 1e-12);
            }
        }
    }

    [Fact]
    public void Search_MaxSwapsZero_KeepsIdentity()
    {
        using var scores = tensor(new double[] { 4, 3, 1, 0.5 }, 1, 4);
        var result = ChannelPermutation.Search(scores, new NmPattern(1, 2), maxSwaps: 0);
        Assert.Equal([0L, 1, 2, 3], result.Permutation);
        Assert.Equal(result.KeptBefore, result.KeptAfter);
    }

    [Fact]
    public void Apply_LinearReluLinear_SameFunctionAndMoreKeptMagnitude()
    {
        using var scope = NewDisposeScope();
        using var generator = new TorchSharp.torch.Generator(4711);
        var first = randn([16, 3], ScalarType.Float64, generator: generator);
        var bias = randn([16], ScalarType.Float64, generator: generator);
        var second = randn([4, 16], ScalarType.Float64, generator: generator);
        var x = randn([5, 3], ScalarType.Float64, generator: generator);
        Tensor Forward() => nn.functional.relu(x.matmul(first.t()).add(bias)).matmul(second.t());
        var before = Forward();
        var pattern = new NmPattern(1, 4);
        double keptBefore = second.abs().mul(NmMask.Compute(second, pattern)).sum().item<double>();

        var result = ChannelPermutation.Search(ChannelPermutation.ScoreMatrix(second), pattern);
        ChannelPermutation.Apply(second, result.Permutation, first, bias);

        Assert.Equal(0.0, Forward().sub(before).abs().max().item<double>(), 12);
        double keptAfter = second.abs().mul(NmMask.Compute(second, pattern)).sum().item<double>();
        Assert.Equal(keptBefore, result.KeptBefore, 12);
        Assert.Equal(keptAfter, result.KeptAfter, 12);
        Assert.True(keptAfter > keptBefore, $"{result.Swaps} swaps: {keptBefore} → {keptAfter}");
    }

    [Fact]
    public void Apply_NotAPermutation_ThrowsNamingShapes()
    {
        using var weight = zeros(2, 4);
        using var previous = zeros(4, 3);
        var e = Assert.Throws<UserInputException>(() => ChannelPermutation.Apply(weight, [0, 0, 1, 2], previous, null));
        Assert.Equal("channel permutation of 4 channels does not fit weight [2, 4] after previous layer [4, 3]",
            e.Message);
    }
}
